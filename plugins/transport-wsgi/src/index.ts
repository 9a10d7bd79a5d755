export { allRoutes } from './routes';
