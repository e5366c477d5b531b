/** Who made a change, as the audit trail records it (a signed-in session's Actor is one). */
export interface AuditActor {
  email: string;
  ip: string | null;
  requestId: string | null;
  /** The client's own x-request-id, if it sent one: for correlation only, never trusted. */
  correlationId: string | null;
}
