import { z } from 'zod';

export const entityId = z.uuid();
/** A statistical division code at any level (2, 4, 6, 9 or 12 digits). */
export const divisionCode = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/);
/** Money is integer fen (分). */
export const fen = z.number().int();
