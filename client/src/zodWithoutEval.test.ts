import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zodWithoutEval.ts';

describe('zodWithoutEval', () => {
  const original = globalThis.Function;
  afterAll(() => {
    globalThis.Function = original;
    // Other tests in this process parse with zod's defaults.
    z.config({ jitless: false });
  });

  it('parses with schemas that never generate code, as the CSP (no eval) requires', () => {
    const generated: unknown[][] = [];
    globalThis.Function = new Proxy(original, {
      construct(target, args: unknown[]) {
        generated.push(args);
        const made: unknown = Reflect.construct(target, args);
        if (typeof made !== 'function') throw new Error('Function made no function');
        return made;
      },
    });
    // Made after the module ran, as every schema of the app is.
    const schema = z.object({ name: z.string(), organisation: z.string() });

    expect(schema.parse({ name: '<img src=x>', organisation: 'Myndigheten' })).toEqual({
      name: '<img src=x>',
      organisation: 'Myndigheten',
    });
    expect(() => schema.parse({ name: 1 })).toThrow();
    expect(generated).toEqual([]);
  });
});
