import { describe, expect, it } from 'vitest';
import { productionErrors } from '../src/production-errors.js';

describe('production errors', () => {
  const format = productionErrors((formatted) => formatted);

  it('removes "Did you mean" hints and keeps the rest of the message', () => {
    expect(
      format({ message: 'Cannot query field "nam" on type "School". Did you mean "name"?' }, null),
    ).toEqual({
      message: 'Cannot query field "nam" on type "School".',
    });
    expect(
      format(
        { message: 'Value "TEACHR" does not exist in "Role" enum. Did you mean the enum value "TEACHER"?' },
        null,
      ).message,
    ).toBe('Value "TEACHR" does not exist in "Role" enum.');
    expect(
      format({ message: 'Cannot query field "x" on type "Query". Did you mean "a", "b", or "c"?' }, null)
        .message,
    ).toBe('Cannot query field "x" on type "Query".');
  });

  it('drops the subgraph name and leaves other errors as they are', () => {
    expect(
      format(
        {
          message: 'Internal server error (error id 1)',
          extensions: { code: 'X', errorId: '1', serviceName: 'identity' },
        },
        null,
      ),
    ).toEqual({ message: 'Internal server error (error id 1)', extensions: { code: 'X', errorId: '1' } });
    const plain = { message: 'Unrelated.', extensions: { code: 'FORBIDDEN' } };
    expect(format(plain, null)).toBe(plain);
  });
});
