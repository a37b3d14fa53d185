import { ConfigError } from '../../errors.js';

// The options every Meta adapter takes the same way: the app secret that signs deliveries, the verify token of
// the GET setup check. Each check throws `E_CONFIG` naming the factory and the option, never echoing the value.

/** The app secret (or several during a rotation), checked; throws `E_CONFIG` naming `appSecret`. */
export function appSecretOption(factory: string, secret: unknown): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : undefined;
  if (list === undefined || list.length === 0 || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new ConfigError(
      'appSecret',
      `${factory}({ appSecret }) is missing: pass the app secret (App settings → Basic → App secret), which signs every delivery, or several during a rotation.`,
    );
  }
  if ((list as string[]).some((s) => /\s/.test(s))) {
    throw new ConfigError('appSecret', `${factory}({ appSecret }) contains whitespace: pass the app secret exactly as the app dashboard shows it.`);
  }
  return list as string[];
}

/** The verify token typed into the webhook settings; throws `E_CONFIG` naming `verifyToken`. */
export function verifyTokenOption(factory: string, token: unknown): string {
  if (typeof token !== 'string' || token === '') {
    throw new ConfigError(
      'verifyToken',
      `${factory}({ verifyToken }) is missing: pass the verify token you typed into the webhook settings (any string you chose).`,
    );
  }
  return token;
}
