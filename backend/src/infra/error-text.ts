/** The message of a thrown value, for logs, alerts and API errors: never its stack, never its cause chain. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
