import { isOperation } from '@zaqarjs/core';
import { ACTION_OPERATIONS } from '../src/action-operations';
import { SCHEMAS } from '../src/schema';

describe('websocket actions and core operations', () => {
  it('gives every action of the schema an operation to authorize, except authenticate and the unimplemented ones', () => {
    const missing = Object.keys(SCHEMAS).filter((action) => action !== 'authenticate' && !(action in ACTION_OPERATIONS));
    expect(missing).toEqual([]);
    expect(Object.values(ACTION_OPERATIONS).filter((operation) => !isOperation(operation))).toEqual([]);
  });
});
