import { HELPER_NAMES, type HelperName, type PlatformActions } from '../../core/actions.js';

/**
 * The helpers an adapter supports, read off its actions class: every helper its prototype implements, in the fixed
 * order of {@link HELPER_NAMES}. The class is the one statement of what a platform can do; `capabilities` follows it.
 */
export function capabilitiesOf(actions: abstract new (...args: never[]) => PlatformActions): readonly HelperName[] {
  const prototype = actions.prototype as Partial<Record<HelperName, unknown>>;
  return Object.freeze(HELPER_NAMES.filter((name) => typeof prototype[name] === 'function'));
}
