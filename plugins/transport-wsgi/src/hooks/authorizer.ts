/**
 * The policy check the transport runs before each handler
 * lives in core, shared with the websocket transport; re-exported here for
 * the embedders and tests that import it from this package.
 */
export { authorizerFrom, type Authorize } from '@zaqarjs/core';
