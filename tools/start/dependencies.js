// Checks that PostgreSQL, NATS and Redis answer before anything starts, and says how to start
// the one that does not (the commands from shared/STACK.md for these machines).
const net = require('node:net');

const HOW_TO_START = {
  PostgreSQL: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  Redis:
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
  NATS: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
};

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function endpoint(url, defaultPort) {
  const first = url.split(',')[0];
  const parsed = new URL(first.includes('://') ? first : `tcp://${first}`);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

async function checkDependencies(env) {
  const deps = [
    ['PostgreSQL', endpoint(env.DATABASE_URL ?? 'postgresql://127.0.0.1:5432', 5432)],
    ['NATS', endpoint(env.NATS_URL ?? 'nats://127.0.0.1:4222', 4222)],
    ['Redis', endpoint(env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379)],
  ];
  const missing = [];
  for (const [name, { host, port }] of deps) {
    if (!(await reachable(host, port))) missing.push({ name, host, port });
  }
  return missing.map(({ name, host, port }) => ({
    name,
    message: `${name} is not reachable at ${host}:${port}. Start it with:\n    ${HOW_TO_START[name]}`,
  }));
}

module.exports = { checkDependencies, reachable, HOW_TO_START };
