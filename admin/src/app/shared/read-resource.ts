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
