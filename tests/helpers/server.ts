// Starts the real app on port 0 for a test file, and gives back its URL.
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Promise<RunningServer> {
  // Quiet by default: a test that is about the logs asks for them.
  const config = loadConfig(
    { BASE_URL: 'http://localhost:8080/', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...env },
    overrides,
  );
  return startServer(config);
}

export const BASE = 'http://localhost:8080/';
