import { Context, context, propagation, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { headers as natsHeaders, MsgHdrs } from '@nats-io/transport-node';

// There is no OpenTelemetry instrumentation for NATS on npm, so the W3C trace context rides in
// NATS headers by hand: injected by the outbox relay, extracted by the inbox consumer.
const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? [...carrier.keys()] : []),
  get: (carrier, key) => carrier?.get(key) || undefined,
};

/** The active trace context as plain headers, to store beside an outbox row. */
export function currentTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier, setter);
  return carrier;
}

export function toNatsHeaders(values: Record<string, string>, msgId: string): MsgHdrs {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(values)) h.set(key, value);
  h.set('Nats-Msg-Id', msgId);
  return h;
}

export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), headers, getter);
}
