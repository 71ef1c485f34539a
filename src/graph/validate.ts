// SHACL validation of the whole graph (all named graphs merged) against ontology/shapes.ttl,
// with rdf-validate-shacl. The report names the entity, the shape and the property.
import rdfDataset from '@rdfjs/dataset';
import SHACLValidator from 'rdf-validate-shacl';
import { defaultGraph, quad, type Quad } from '../rdf/terms.js';

export interface ShapeViolation {
  focusNode: string;
  shape: string;
  path?: string;
  value?: string;
  message: string;
}

export class ValidationError extends Error {
  constructor(readonly violations: ShapeViolation[]) {
    super(
      `SHACL validation failed (${violations.length} violation${violations.length === 1 ? '' : 's'}):\n  ${violations.map(formatViolation).join('\n  ')}`,
    );
    this.name = 'ValidationError';
  }
}

export function formatViolation(v: ShapeViolation): string {
  return `${v.focusNode} fails ${v.shape}${v.path ? ` on ${v.path}` : ''}${v.value ? ` (value ${v.value})` : ''}: ${v.message}`;
}

export async function validateShapes(shapes: Quad[], data: Quad[]): Promise<ShapeViolation[]> {
  // Shapes speak of entities, not of the graphs their statements sit in: validate the merge.
  const merge = (quads: Quad[]) => rdfDataset.dataset(quads.map((q) => quad(q.subject, q.predicate, q.object, defaultGraph())));
  const shapesGraph = merge(shapes);
  const validator = new SHACLValidator(shapesGraph);
  const report = await validator.validate(merge(data));
  const owner = propertyShapeOwners(shapes);
  return report.results.map((r) => {
    const source = r.sourceShape?.value;
    const shape = source === undefined ? 'a shape' : r.sourceShape?.termType === 'NamedNode' ? source : (owner.get(source) ?? 'a shape');
    return {
      focusNode: r.focusNode?.value ?? '?',
      shape,
      ...(r.path ? { path: r.path.value } : {}),
      ...(r.value ? { value: r.value.value } : {}),
      message: r.message.map((m) => m.value).join('; ') || (r.sourceConstraintComponent?.value ?? 'violation'),
    };
  });
}

/** Property shapes are blank nodes: report the named node shape that holds them instead. */
function propertyShapeOwners(shapes: Quad[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const q of shapes) {
    if (q.predicate.value === 'http://www.w3.org/ns/shacl#property' && q.subject.termType === 'NamedNode') {
      owners.set(q.object.value, q.subject.value);
    }
  }
  return owners;
}
