import type { Route } from './route';

/** HTTP routes of this resource; handlers delegate to the shared request layer. */
export const systemRoutes: Route[] = [];
