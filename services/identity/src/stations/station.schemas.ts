import { chinaCalendarDate, parseDivisionCode } from '@wushe/cn-standards';
import { isoDate, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';

/** A code of exactly the given level, in its own length (no zero-padded higher level). */
function divisionCodeOf(level: 'township' | 'village', length: number) {
  return z
    .string()
    .regex(new RegExp(`^\\d{${length}}$`), `must be ${length} digits`)
    .refine((code) => {
      const parsed = parseDivisionCode(code);
      return parsed.ok && parsed.value.level === level && parsed.value.code === code;
    }, `must be a ${length}-digit ${level} division code`);
}

export const townshipCodeSchema = divisionCodeOf('township', 9);
export const villageCodeSchema = divisionCodeOf('village', 12);

/** Any level's code as written (2, 4, 6, 9 or 12 digits, no padding): what coverage is asked for. */
export const regionCodeSchema = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'must be 2, 4, 6, 9 or 12 digits')
  .refine((code) => {
    const parsed = parseDivisionCode(code);
    return parsed.ok && parsed.value.code === code;
  }, 'must be a division code without zero padding');

// The People's Republic's statistical divisions start in 1949; an earlier date is a typo.
const EARLIEST = '1949-10-01';

/** A calendar date (YYYY-MM-DD, real day of month), not in the future by China's calendar. */
export const pastDateSchema = isoDate()
  .refine((d) => d >= EARLIEST, `cannot be before ${EARLIEST}`)
  .refine((d) => d <= chinaCalendarDate(new Date()), 'cannot be in the future');

const name = text({ max: 100 });
const address = text({ max: 300 });
const contactName = text({ max: 50 });
/** An office phone as written on the door: digits, '-', '+', spaces; 7 to 20 characters. */
const contactPhone = z
  .string()
  .regex(/^[0-9+\- ]{7,20}$/, '7–20 characters of digits, -, + and spaces')
  .refine((p) => p.replace(/\D/g, '').length >= 7, 'needs at least 7 digits');
const version = z.number().int().min(1);
const reason = text({ max: 500 });

export const openStationSchema = z
  .object({
    townshipCode: townshipCodeSchema,
    name,
    address: address.optional(),
    contactName: contactName.optional(),
    contactPhone: contactPhone.optional(),
    openedOn: pastDateSchema,
  })
  .strict();
export type OpenStationInput = z.infer<typeof openStationSchema>;

const atLeastOneChange = (fields: readonly string[]) => (body: Record<string, unknown>) =>
  fields.some((f) => body[f] !== undefined);

const STATION_FIELDS = ['name', 'address', 'contactName', 'contactPhone'] as const;

/** `null` clears an optional field; `version` is the one the client read (optimistic concurrency). */
export const updateStationSchema = z
  .object({
    version,
    name: name.optional(),
    address: address.nullable().optional(),
    contactName: contactName.nullable().optional(),
    contactPhone: contactPhone.nullable().optional(),
  })
  .strict()
  .refine(atLeastOneChange(STATION_FIELDS), { message: `give at least one of ${STATION_FIELDS.join(', ')}` });
export type UpdateStationInput = z.infer<typeof updateStationSchema>;

export const closeSchema = z
  .object({ closedOn: pastDateSchema, reason, version: version.optional() })
  .strict();
export type CloseInput = z.infer<typeof closeSchema>;

const villageCodes = z
  .array(villageCodeSchema)
  .min(1)
  .max(50)
  .refine((codes) => new Set(codes).size === codes.length, 'must not repeat a village');

export const openPointSchema = z
  .object({ name, address: address.optional(), villageCodes, openedOn: pastDateSchema })
  .strict();
export type OpenPointInput = z.infer<typeof openPointSchema>;

const POINT_FIELDS = ['name', 'address', 'villageCodes'] as const;

export const updatePointSchema = z
  .object({
    version,
    name: name.optional(),
    address: address.nullable().optional(),
    villageCodes: villageCodes.optional(),
  })
  .strict()
  .refine(atLeastOneChange(POINT_FIELDS), { message: `give at least one of ${POINT_FIELDS.join(', ')}` });
export type UpdatePointInput = z.infer<typeof updatePointSchema>;

export const STATION_STATUSES = ['open', 'closed', 'all'] as const;

export const listStationsQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    status: z.enum(STATION_STATUSES).default('open'),
  })
  .strict();
export type ListStationsQuery = z.infer<typeof listStationsQuerySchema>;

export const stationCursorSchema = z.object({ c: z.string().regex(/^\d{9}$/), id: z.uuid() });

export const entityIdSchema = z.uuid();
