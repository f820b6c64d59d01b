/** Selections of the format vectors (`go-oracle formats`) that several tests read. */
import { goVectors } from './oracle.js';

/** The `%#v` vectors of one shape, as [the JSON value Go decoded, the text Go printed]. */
export const sprintVectors = (shape: string): [unknown, string][] =>
  goVectors('sprint').flatMap((v) => {
    const input = v.in as { shape: string; value: unknown };
    return input.shape === shape ? [[input.value, v.want as string]] : [];
  });

/** The `%#v` vectors of one shape with pointer addresses masked on both sides (maskGoPointers). */
export const maskedSprintVectors = (
  shape: string,
  mask: (text: string) => string,
): [unknown, string][] => sprintVectors(shape).map(([value, want]) => [value, mask(want)]);
