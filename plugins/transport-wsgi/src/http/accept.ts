/**
 * Whether an `Accept` header admits `application/json`,
 * following mimeparse as Falcon uses it: the most specific matching range
 * decides, and a q-value of 0 refuses.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  let bestFitness = -1;
  let bestQuality = 0;
  for (const range of accept.split(',')) {
    const [mediaRange, ...params] = range.split(';');
    const [type, subtype] = mediaRange.trim().toLowerCase().split('/');
    if (subtype === undefined) continue;
    const typeMatches = type === 'application' || type === '*';
    const subtypeMatches = subtype.trim() === 'json' || subtype.trim() === '*';
    if (!typeMatches || !subtypeMatches) continue;
    const fitness = (type === 'application' ? 100 : 0) + (subtype.trim() === 'json' ? 10 : 0);
    if (fitness <= bestFitness) continue;
    bestFitness = fitness;
    bestQuality = qualityOf(params);
  }
  return bestQuality > 0;
}

function qualityOf(params: string[]): number {
  for (const param of params) {
    const [key, value] = param.split('=').map((p) => p.trim());
    if (key.toLowerCase() === 'q') {
      const q = Number(value);
      return Number.isFinite(q) ? q : 1;
    }
  }
  return 1;
}
