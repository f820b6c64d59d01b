/**
 * Test support beside the reconcile function's tests: JSON.parse's own
 * message for a text, which the intake quotes in its refusals (V8 words it
 * differently across Node versions, so tests take it from the platform).
 */
export function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(text)} is JSON`);
}
