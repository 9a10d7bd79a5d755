export { jsonEquals, matchesFilters } from '@zaqarjs/core';
