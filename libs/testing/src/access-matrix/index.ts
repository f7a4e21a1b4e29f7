export * from './access-matrix';
export * from './bad-input';
export { routesOf, type OpenApiDocument, type Route } from './openapi-routes';
