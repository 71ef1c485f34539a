// Starts the real app on port 0 for a test file, and gives back its URL.
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Promise<RunningServer> {
  const config = loadConfig({ BASE_URL: 'http://localhost:8080/', PORT: '0', HOST: '127.0.0.1', ...env }, overrides);
  return startServer(config);
}

export const BASE = 'http://localhost:8080/';
