/** One visit event as it sits on the CASES stream. */
export interface StreamEvent {
  eventId: string;
  visitId: string;
}

/** What one fault's writes left behind, gathered after it. */
export interface Observed {
  /** Visit ids the API answered 201 for. */
  accepted: string[];
  /** Every cases.visit.recorded.v1 message on the stream for this fault's village. */
  stream: StreamEvent[];
  /** Event ids reporting's visits projection recorded as processed. */
  projected: Set<string>;
  /** The projection's visit count for this fault's village. */
  tallied: number;
}

export interface Accounting {
  accepted: number;
  /** Distinct events on the stream. */
  events: number;
  /** Stream messages beyond the first for a visit, plus projection counts beyond one per event. */
  duplicates: number;
  /** Accepted writes with no event on the stream, or whose event the projection never applied. */
  lost: number;
  /** Events of writes the client never saw accepted (an answer lost to a fault): not lost, not wrong. */
  unconfirmed: number;
}

/**
 * Every accepted write must have produced exactly one event and exactly one projection update.
 * Writes that committed although their answer was lost (a reset, a timeout) show up as events the
 * client did not count; they are reported but are neither lost nor duplicates.
 */
export function account(observed: Observed): Accounting {
  const byVisit = new Map<string, Set<string>>();
  const copies = new Map<string, number>();
  for (const e of observed.stream) {
    byVisit.set(e.visitId, (byVisit.get(e.visitId) ?? new Set()).add(e.eventId));
    copies.set(e.eventId, (copies.get(e.eventId) ?? 0) + 1);
  }
  const streamDuplicates = observed.stream.length - byVisit.size;
  const projectedEvents = [...copies.keys()].filter((id) => observed.projected.has(id)).length;
  const projectionDuplicates = Math.max(0, observed.tallied - projectedEvents);

  const accepted = new Set(observed.accepted);
  let lost = 0;
  for (const visitId of accepted) {
    const events = byVisit.get(visitId);
    if (!events || ![...events].some((id) => observed.projected.has(id))) lost++;
  }
  // The same visit id answered 201 twice would be a duplicate write, not a duplicate event.
  const repeatedAnswers = observed.accepted.length - accepted.size;
  return {
    accepted: observed.accepted.length,
    events: copies.size,
    duplicates: streamDuplicates + projectionDuplicates + repeatedAnswers,
    lost,
    unconfirmed: [...byVisit.keys()].filter((v) => !accepted.has(v)).length,
  };
}
