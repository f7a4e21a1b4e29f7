import { z } from 'zod';

// CloudEvents 1.0, structured JSON mode, with Wushe's extension attributes. Extension names are
// lower-case alphanumerics as the CloudEvents spec requires.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().regex(UUID_V7, 'id must be a UUID v7'),
  source: z.string().regex(/^\/wushe\/[a-z]+$/),
  type: z.string().regex(/^wushe\.[a-z]+\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9]\d*$/),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1).max(200),
  datacontenttype: z.literal('application/json'),
  regioncode: z.string().regex(/^\d{2,12}$/, 'regioncode is a division-code prefix of 2 to 12 digits'),
  traceparent: z.string().regex(TRACEPARENT).optional(),
  correlationid: z.string().min(1).max(100),
  causationid: z.string().min(1).max(100).optional(),
  data: z.unknown(),
});

export type Envelope<TData = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: TData };
