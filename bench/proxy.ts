// Starts the bare node:http proxy of bench/proxy-server.ts in front of a SPARQL endpoint: the
// reference beside the publisher fronting that store (bench/harness.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from './processes.js';

const SERVER = fileURLToPath(new URL('./proxy-server.ts', import.meta.url));

export interface BareProxy {
  child: ChildProcess;
  pid: number;
  /** Its endpoint: POST a query here as to the store. */
  url: string;
  stop(): Promise<void>;
}

export async function startBareProxy(endpoint: string): Promise<BareProxy> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, endpoint], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bare proxy did not start within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`the bare proxy exited with ${code}`)));
      child.stdout!.once('data', (d: Buffer) => {
        clearTimeout(timer);
        resolve(d.toString().trim());
      });
    });
    child.removeAllListeners('exit');
    return { child, pid: child.pid!, url, stop: () => stopChild(child) };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}
