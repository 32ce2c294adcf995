import type { Category } from './city-package';

export type ResolvedCategory = { ok: true; code: string } | { ok: false; message: string };

/**
 * A category named in another file: by its code, by its path of names ("城乡建设/市政设施"), or by a
 * name that only one category has.
 */
export function resolveCategory(categories: readonly Category[], reference: string): ResolvedCategory {
  const wanted = reference.trim();
  if (categories.some((category) => category.code === wanted)) return { ok: true, code: wanted };
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const pathOf = (category: Category): string => {
    const names: string[] = [];
    for (let node: Category | undefined = category; node; node = node.parentCode === null ? undefined : byCode.get(node.parentCode)) names.unshift(node.name);
    return names.join('/');
  };
  const byPath = categories.find((category) => pathOf(category) === wanted);
  if (byPath) return { ok: true, code: byPath.code };
  const byName = categories.filter((category) => category.name === wanted);
  if (byName.length === 1 && byName[0]) return { ok: true, code: byName[0].code };
  if (byName.length > 1) return { ok: false, message: `"${wanted}" names ${byName.length} categories (${byName.map(pathOf).join('; ')}): give the path or the code` };
  return { ok: false, message: `no category in taxonomy.csv has the code, path or name "${wanted}"` };
}

/**
 * The categories a case can be filed under (classification's rules, intake's Open311 services): the
 * leaves of the taxonomy, and any node that has keywords of its own.
 */
export function fileableCategories(categories: readonly Category[]): Category[] {
  const parents = new Set(categories.map((category) => category.parentCode).filter((code) => code !== null));
  return categories.filter((category) => !parents.has(category.code) || category.keywords.length > 0);
}
