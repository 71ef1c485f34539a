// Where a worker thread's code is. Compiled, it is JavaScript beside the module that starts it.
// Under vitest and tsx the sources are TypeScript, and a worker does not inherit the loader: a
// small ESM bootstrap (a data: URL) registers tsx in the worker and then imports the TypeScript.
/** `sibling` is the worker module's URL as compiled (…/name.js), resolved against the caller's module. */
export function workerEntry(sibling: URL): URL {
  const runningTs = import.meta.url.endsWith('.ts');
  if (!runningTs) return sibling;
  const source = new URL(sibling.href.replace(/\.js$/, '.ts'));
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}
