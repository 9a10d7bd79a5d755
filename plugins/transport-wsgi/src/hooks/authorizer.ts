/**
 * The policy check the transport runs before each handler (§2.1 step 12)
 * lives in core, shared with the websocket transport; re-exported here for
 * the embedders and tests that import it from this package.
 */
export { authorizerFrom, type Authorize } from '@zaqarjs/core';
