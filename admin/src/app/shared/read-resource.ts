/**
 * The part of an HttpResourceRef that pages read. Services return real resources; specs use
 * FakeResource (src/app/testing) and drive it by hand.
 */
export interface ReadResource<T> {
  value(): T | undefined;
  hasValue(): boolean;
  isLoading(): boolean;
  error(): unknown;
  reload(): boolean;
}

/** The value, or undefined while there is none or the last read failed (value() throws then). */
export function valueOf<T>(resource: ReadResource<T>): T | undefined {
  return resource.hasValue() ? resource.value() : undefined;
}
