// Text helpers for platform values. jsonText lives with the stores (the lowest layer that serializes values).
export { iterativeJson, jsonText } from '../store/json-text.js';

/** `decodeURIComponent`, or the text as it is when it holds a malformed `%` escape. */
export function decodeUriSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
