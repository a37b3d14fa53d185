// What an adapter was built with, kept aside for the emulator of its platform (handoffkit/testing): the driver
// signs deliveries with the same secrets and answers the same API base as the adapter it stands in front of.

const OPTIONS = new WeakMap<object, unknown>();

/** Keeps the options an adapter was built with, so that an emulator can stand in for its platform. */
export function keepEmulationOptions<A extends object>(adapter: A, options: unknown): A {
  OPTIONS.set(adapter, options);
  return adapter;
}

/** The options an adapter was built with (`undefined` for adapters built elsewhere). */
export function emulationOptionsOf(adapter: object): unknown {
  return OPTIONS.get(adapter);
}
