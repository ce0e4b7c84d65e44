// The demo shop's sign-in signs an identity for any email (it has no accounts), so the demo must run
// only where nobody else can reach it: on loopback, or when the operator asks for it by name. Every
// demo page says it is a demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFromEnv, isLoopbackHost } from '../../api/src/demo-switch.ts';
import { type RunningServer, startServer } from '../../api/src/node.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('when the demo runs', () => {
  it.each([
    [{}, true],
    [{ HOST: '127.0.0.1' }, true],
    [{ HOST: '127.0.0.2' }, true],
    [{ HOST: 'localhost' }, true],
    [{ HOST: '::1' }, true],
    [{ HOST: '[::1]' }, true],
    [{ HOST: '0.0.0.0' }, false],
    [{ HOST: '::' }, false],
    [{ HOST: '192.168.1.20' }, false],
    [{ HOST: 'shop.example.com' }, false],
    [{ HOST: '127.0.0.1.example.com' }, false],
    [{ HOST: '0.0.0.0', FLYWHEEL_DEMO: '1' }, true],
    [{ HOST: '127.0.0.1', FLYWHEEL_DEMO: '0' }, false],
    [{ FLYWHEEL_DEMO: '0' }, false],
  ] as [Record<string, string>, boolean][])('with %o: %s', (env, expected) => {
    expect(demoFromEnv(env)).toBe(expected);
  });

  it('counts only loopback as loopback', () => {
    expect(isLoopbackHost('127.255.0.9')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(false);
  });
});

describe('the demo shop on a real server', () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  const start = async (options: { demo?: boolean }) => {
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: database.url,
      jobs: false,
      log: false,
      ...options,
    });
    servers.push(server);
    return server;
  };
  const signIn = (server: RunningServer, email: string) =>
    fetch(`${server.url}/shop/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email }),
    });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await database.destroy();
  });

  it('runs by default on loopback, as `npm start` on a fresh machine expects, and says it is a demo', async () => {
    const server = await start({});
    expect(server.demo?.publishableKey).toMatch(/^pk_/);
    expect((await signIn(server, 'ann@example.com')).status).toBe(200);
    for (const page of ['/', '/cart', '/checkout', '/thank-you']) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      expect(html, page).toMatch(
        /<p class="demo-banner" role="note"><strong>Demo shop<\/strong> — not a real store/,
      );
    }
  });

  it('signs no one in, and creates no demo merchant, when the demo is off', async () => {
    const server = await start({ demo: demoFromEnv({ HOST: '0.0.0.0' }) });
    expect(server.demo).toBeNull();
    const res = await signIn(server, 'victim@example.com');
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain('signature');
  });
});
