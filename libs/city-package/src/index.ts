export * from './city-package';
export { formatProblem, type ImportProblem } from './import-problem';
export { CODE_LENGTHS, readCityPackage, type ReadCityPackageResult } from './read-city-package';
export { fileableCategories, resolveCategory, type ResolvedCategory } from './resolve-category';
