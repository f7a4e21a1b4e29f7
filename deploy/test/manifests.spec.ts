// Static checks of everything under deploy/: there is no Docker engine and no cluster on the
// build machines, so these are the guard rails that catch a broken manifest before a
// human applies it.
//
// Optional parts run only where the tool exists on the machine:
//   - `kubectl kustomize` renders the production overlay (skipped without kubectl);
//   - nats-server loads deploy/nats/nats-server.conf on a free loopback port and the
//     account exports/imports and per-subscriber permissions are exercised with the real
//     client (skipped without nats-server).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const DEPLOY = resolve(__dirname, '..');
const K8S = join(DEPLOY, 'k8s');
const BASE = join(K8S, 'base');

const SERVICES = ['identity', 'cases', 'volunteers', 'funding', 'reporting'] as const;
const WITH_WORKER = new Set(['identity', 'cases', 'volunteers', 'funding']);
const WITH_KEYS = new Set(['identity', 'cases', 'volunteers', 'funding']);
const LOCAL_PORT: Record<string, string> = {
  identity: '3001',
  cases: '3002',
  volunteers: '3003',
  funding: '3004',
  reporting: '3005',
};

/** The configuration contract: the only environment variables a Wushe process reads. */
const ALLOWED_ENV = new Set([
  'HTTP_PORT',
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'NATS_URL',
  'NATS_PREFIX',
  'REDIS_URL',
  'REDIS_PREFIX',
  'LOG_LEVEL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'STREAM_MAX_AGE_DAYS',
  'SHUTDOWN_GRACE_MS',
  'HTTP_TRUST_PROXY',
  'ENCRYPTION_KEYS',
  'HMAC_KEY',
]);
/** Every process needs these (OTEL is optional: tracing off when unset). */
const REQUIRED_ENV = [
  'HTTP_PORT',
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'NATS_URL',
  'NATS_PREFIX',
  'REDIS_URL',
  'REDIS_PREFIX',
  'LOG_LEVEL',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'STREAM_MAX_AGE_DAYS',
  'SHUTDOWN_GRACE_MS',
];
const JWKS_URL = 'http://identity:3000/api/v1/identity/.well-known/jwks.json';

// ----- minimal shapes of the Kubernetes objects we look at --------------------------------

type Labels = Record<string, string>;
interface Meta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext & { fsGroup?: number };
  volumes?: { name: string; emptyDir?: object }[];
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
}
interface PodTemplate {
  metadata: Meta;
  spec: PodSpec;
}
interface Deployment {
  kind: 'Deployment';
  metadata: Meta;
  spec: { replicas?: number; selector: { matchLabels: Labels }; template: PodTemplate };
}
interface Job {
  kind: 'Job';
  metadata: Meta;
  spec: { template: PodTemplate };
}
interface Service {
  kind: 'Service';
  metadata: Meta;
  spec: { selector: Labels; ports: { name?: string; port: number; targetPort?: string | number }[] };
}
interface Hpa {
  apiVersion: string;
  kind: 'HorizontalPodAutoscaler';
  metadata: Meta;
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: {
      type: string;
      resource?: { name: string; target: { type: string; averageUtilization?: number } };
    }[];
  };
}
interface Pdb {
  kind: 'PodDisruptionBudget';
  metadata: Meta;
  spec: { minAvailable?: number | string; selector: { matchLabels: Labels } };
}
interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}
interface Ingress {
  kind: 'Ingress';
  metadata: Meta;
  spec: { rules: { host?: string; http: { paths: IngressPath[] } }[] };
}
interface NetworkPolicy {
  kind: 'NetworkPolicy';
  metadata: Meta;
  spec: {
    podSelector: { matchLabels?: Labels };
    policyTypes?: string[];
    ingress?: {
      from?: { namespaceSelector?: { matchLabels?: Labels }; podSelector?: { matchLabels?: Labels } }[];
      ports?: { port: number | string; protocol?: string }[];
    }[];
  };
}
interface ConfigMap {
  kind: 'ConfigMap';
  metadata: Meta;
  data: Record<string, string>;
}
interface Secret {
  kind: 'Secret';
  metadata: Meta;
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
}
interface Loaded {
  file: string;
  obj: K8sObject;
}
interface Kustomization {
  resources?: string[];
  components?: string[];
  patches?: { path?: string; patch?: string; target?: object }[];
  patchesStrategicMerge?: string[];
  configMapGenerator?: { files?: string[]; envs?: string[] }[];
  secretGenerator?: { files?: string[]; envs?: string[] }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

// ----- helpers ---------------------------------------------------------------------------

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = join(dir, entry);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const isYaml = (f: string) => /\.ya?ml$/.test(f);
const rel = (f: string) => relative(DEPLOY, f);

function parseFile(file: string): { docs: unknown[]; problems: string[] } {
  const parsed = parseAllDocuments(readFileSync(file, 'utf8'));
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const problems = list.flatMap((d) => [...d.errors, ...d.warnings].map((e) => `${rel(file)}: ${e.message}`));
  const docs = list.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
  return { docs, problems };
}

const K8S_FILES = walk(K8S).filter(isYaml);
const KUSTOMIZATION_FILES = K8S_FILES.filter((f) => basename(f) === 'kustomization.yaml');
const OBJECTS: Loaded[] = K8S_FILES.filter((f) => !KUSTOMIZATION_FILES.includes(f)).flatMap((file) =>
  parseFile(file).docs.map((obj) => ({ file, obj: obj as K8sObject })),
);
const inBase = (l: Loaded) => dirname(l.file) === BASE;
function ofKind<T>(kind: string, where: (l: Loaded) => boolean = inBase): T[] {
  return OBJECTS.filter((l) => l.obj.kind === kind && where(l)).map((l) => l.obj as unknown as T);
}

const deployments = ofKind<Deployment>('Deployment');
const jobs = ofKind<Job>('Job');
const services = ofKind<Service>('Service');
const hpas = ofKind<Hpa>('HorizontalPodAutoscaler');
const pdbs = ofKind<Pdb>('PodDisruptionBudget');
const ingresses = ofKind<Ingress>('Ingress');
const policies = ofKind<NetworkPolicy>('NetworkPolicy');
const configMaps = ofKind<ConfigMap>('ConfigMap');
const exampleSecrets = ofKind<Secret>('Secret', (l) => !inBase(l));

const component = (d: { metadata: Meta }) => d.metadata.labels?.['app.kubernetes.io/component'];
const serviceOf = (d: { metadata: Meta }) => d.metadata.labels?.['app.kubernetes.io/name'] ?? '';
const apiDeployments = deployments.filter((d) => component(d) === 'api');
const workerDeployments = deployments.filter((d) => component(d) === 'worker');
const selects = (selector: Labels, labels: Labels = {}) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const podLabels = (d: Deployment) => d.spec.template.metadata.labels ?? {};
const sharedConfig = () => {
  expect(configMaps).toHaveLength(1);
  return configMaps[0].data;
};
const allContainers = (pod: PodSpec) => [...(pod.initContainers ?? []), ...pod.containers];
const workloads: { name: string; pod: PodSpec; kind: string; svc: string; comp: string }[] = [
  ...deployments.map((d) => ({
    name: d.metadata.name,
    pod: d.spec.template.spec,
    kind: 'Deployment',
    svc: serviceOf(d),
    comp: component(d) ?? '',
  })),
  ...jobs.map((j) => ({
    name: j.metadata.name,
    pod: j.spec.template.spec,
    kind: 'Job',
    svc: serviceOf(j),
    comp: component(j) ?? '',
  })),
];

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/usr/local/bin'])) {
    const p = join(dir, bin);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

// ----- Kubernetes ------------------------------------------------------------------------

describe('deploy/k8s: YAML', () => {
  it('finds the base, the overlay and the example secrets', () => {
    expect(KUSTOMIZATION_FILES.map(rel).sort()).toEqual([
      'k8s/base/kustomization.yaml',
      'k8s/overlays/production/kustomization.yaml',
    ]);
    expect(existsSync(join(K8S, 'examples', 'secrets.example.yaml'))).toBe(true);
  });

  it.each(K8S_FILES.map(rel))('%s parses without errors or warnings', (file) => {
    const { docs, problems } = parseFile(join(DEPLOY, file));
    expect(problems).toEqual([]);
    expect(docs.length).toBeGreaterThan(0);
  });

  it('every object has apiVersion, kind and metadata.name', () => {
    for (const { file, obj } of OBJECTS) {
      expect({ file: rel(file), ok: Boolean(obj.apiVersion && obj.kind && obj.metadata?.name) }).toEqual({
        file: rel(file),
        ok: true,
      });
    }
  });

  it('has one Namespace "wushe" and the base kustomization puts everything in it', () => {
    expect(ofKind<K8sObject>('Namespace').map((n) => n.metadata.name)).toEqual(['wushe']);
    const k = parse(readFileSync(join(BASE, 'kustomization.yaml'), 'utf8')) as { namespace?: string };
    expect(k.namespace).toBe('wushe');
    for (const { obj } of OBJECTS.filter(inBase)) {
      if (obj.metadata.namespace !== undefined) expect(obj.metadata.namespace).toBe('wushe');
    }
  });

  it('keeps Secrets out of the base (examples only, placeholders only)', () => {
    expect(ofKind<Secret>('Secret')).toEqual([]);
    expect(exampleSecrets.length).toBeGreaterThan(0);
    for (const s of exampleSecrets) {
      expect(s.data).toBeUndefined();
      for (const [key, value] of Object.entries(s.stringData ?? {})) {
        expect({ secret: s.metadata.name, key, placeholder: value.includes('CHANGE_ME') }).toEqual({
          secret: s.metadata.name,
          key,
          placeholder: true,
        });
      }
    }
  });
});

describe('deploy/k8s: kustomizations', () => {
  it.each(KUSTOMIZATION_FILES.map(rel))(
    '%s lists every file in its folder, and every listed file exists',
    (file) => {
      const dir = dirname(join(DEPLOY, file));
      const k = parse(readFileSync(join(DEPLOY, file), 'utf8')) as Kustomization;
      const listed = [
        ...(k.resources ?? []),
        ...(k.components ?? []),
        ...(k.patchesStrategicMerge ?? []),
        ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])),
        ...[...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])].flatMap((g) => [
          ...(g.files ?? []).map((f) => f.split('=').pop() ?? f),
          ...(g.envs ?? []),
        ]),
      ].filter((r) => !/^[a-z]+:\/\//.test(r));
      for (const entry of listed) {
        const target = resolve(dir, entry);
        expect({ entry, exists: existsSync(target) }).toEqual({ entry, exists: true });
        if (existsSync(target) && statSync(target).isDirectory()) {
          expect({ entry, kustomization: existsSync(join(target, 'kustomization.yaml')) }).toEqual({
            entry,
            kustomization: true,
          });
        }
      }
      const listedFiles = new Set(listed.map((e) => resolve(dir, e)));
      const inFolder = readdirSync(dir)
        .filter((f) => f !== 'kustomization.yaml' && statSync(join(dir, f)).isFile())
        .map((f) => join(dir, f));
      for (const f of inFolder)
        expect({ file: rel(f), listed: listedFiles.has(f) }).toEqual({ file: rel(f), listed: true });
    },
  );

  it('the production overlay builds on the base and pins the image', () => {
    const k = parse(
      readFileSync(join(K8S, 'overlays/production/kustomization.yaml'), 'utf8'),
    ) as Kustomization;
    expect(k.resources).toContain('../../base');
    const image = (k.images ?? []).find((i) => i.name === 'wushe');
    expect(image).toBeDefined();
    expect(Boolean(image?.newTag) || Boolean(image?.digest)).toBe(true);
    expect(image?.newTag).not.toBe('latest');
    // Replica counts are HPA bounds (the Deployments have no spec.replicas).
    expect((k.patches ?? []).some((p) => JSON.stringify(p.target).includes('HorizontalPodAutoscaler'))).toBe(
      true,
    );
  });

  it('no kustomization pulls in the example secrets', () => {
    for (const f of KUSTOMIZATION_FILES) {
      const k = parse(readFileSync(f, 'utf8')) as Kustomization;
      expect([...(k.resources ?? []), ...(k.components ?? [])].filter((r) => r.includes('examples'))).toEqual(
        [],
      );
      expect(k.secretGenerator).toBeUndefined();
    }
  });
});

describe('deploy/k8s: Deployments and Jobs', () => {
  it('has an API Deployment per service and a worker Deployment per service with scheduled work', () => {
    expect(apiDeployments.map(serviceOf).sort()).toEqual([...SERVICES].sort());
    expect(workerDeployments.map(serviceOf).sort()).toEqual([...WITH_WORKER].sort());
    expect(deployments).toHaveLength(apiDeployments.length + workerDeployments.length);
  });

  it('has a migration Job per service running tools/prisma/each.js migrate-deploy <svc>', () => {
    expect(jobs.map(serviceOf).sort()).toEqual([...SERVICES].sort());
    for (const j of jobs) {
      expect(component(j)).toBe('migrate');
      const pod = j.spec.template.spec as PodSpec & { restartPolicy?: string };
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.containers[0].command).toEqual([
        'node',
        'tools/prisma/each.js',
        'migrate-deploy',
        serviceOf(j),
      ]);
    }
  });

  describe.each(deployments.map((d) => [d.metadata.name, d] as const))('Deployment %s', (_name, d) => {
    const pod = d.spec.template.spec;
    const entry = component(d) === 'api' ? 'main.js' : 'worker.js';

    it('runs the right entry point of the one image', () => {
      expect(pod.containers).toHaveLength(1);
      expect(pod.containers[0].image).toBe('wushe');
      expect(pod.containers[0].command?.[0]).toBe('node');
      expect(pod.containers[0].command?.at(-1)).toBe(`dist/services/${serviceOf(d)}/src/${entry}`);
    });

    it('has readiness, liveness and startup probes on the http port (3000)', () => {
      for (const c of pod.containers) {
        expect(c.readinessProbe?.httpGet?.path).toBe('/health/ready');
        expect(c.livenessProbe?.httpGet?.path).toBe('/health/live');
        expect(c.startupProbe?.httpGet).toBeDefined();
        for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
          expect(['http', 3000]).toContain(p?.httpGet?.port);
        }
        expect(c.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
      }
    });

    it('selects its own pod template and leaves replicas to the HPA', () => {
      expect(selects(d.spec.selector.matchLabels, podLabels(d))).toBe(true);
      expect(podLabels(d)['app.kubernetes.io/part-of']).toBe('wushe');
      expect(d.spec.replicas).toBeUndefined();
      expect(d.spec.template.metadata.annotations?.['prometheus.io/port']).toBe('3000');
    });

    it('drains within the grace period (preStop sleep on APIs, SHUTDOWN_GRACE_MS below it)', () => {
      expect(pod.terminationGracePeriodSeconds).toBe(30);
      const preStop = pod.containers[0].lifecycle?.preStop;
      const sleepSeconds = preStop?.sleep?.seconds ?? Number(preStop?.exec?.command?.[1] ?? 0);
      if (component(d) === 'api') {
        expect(preStop?.sleep ?? preStop?.exec?.command?.[0]).toBeTruthy();
        expect(sleepSeconds).toBeGreaterThan(0);
      }
      const grace = Number(sharedConfig().SHUTDOWN_GRACE_MS);
      expect(grace).toBeGreaterThan(0);
      expect(sleepSeconds * 1000 + grace).toBeLessThan((pod.terminationGracePeriodSeconds ?? 30) * 1000);
    });
  });

  describe.each(workloads.map((w) => [w.kind, w.name, w] as const))('%s %s', (_kind, _name, w) => {
    it('has resource requests and limits (cpu and memory)', () => {
      for (const c of allContainers(w.pod)) {
        for (const r of ['cpu', 'memory']) {
          expect(c.resources?.requests?.[r]).toBeDefined();
          expect(c.resources?.limits?.[r]).toBeDefined();
        }
      }
    });

    it('runs as uid 10001, non-root, read-only, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
      expect(w.pod.securityContext?.runAsNonRoot).toBe(true);
      expect(w.pod.securityContext?.runAsUser).toBe(10001);
      expect(w.pod.automountServiceAccountToken).toBe(false);
      for (const c of allContainers(w.pod)) {
        const sc = c.securityContext ?? {};
        expect(sc.runAsNonRoot ?? w.pod.securityContext?.runAsNonRoot).toBe(true);
        expect(sc.runAsUser ?? w.pod.securityContext?.runAsUser).toBe(10001);
        expect(sc.readOnlyRootFilesystem).toBe(true);
        expect(sc.allowPrivilegeEscalation).toBe(false);
        expect(sc.privileged ?? false).toBe(false);
        expect(sc.capabilities?.drop).toContain('ALL');
        expect(sc.capabilities?.add ?? []).toEqual([]);
        expect((sc.seccompProfile ?? w.pod.securityContext?.seccompProfile)?.type).toBe('RuntimeDefault');
      }
    });

    it('mounts an emptyDir at /tmp (the only writable path)', () => {
      const tmpVolumes = (w.pod.volumes ?? []).filter((v) => v.emptyDir !== undefined).map((v) => v.name);
      for (const c of allContainers(w.pod)) {
        const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
        expect(mount).toBeDefined();
        expect(tmpVolumes).toContain(mount?.name);
      }
    });

    it('uses only the environment variables of the configuration contract', () => {
      for (const c of allContainers(w.pod)) {
        const names = new Set<string>();
        for (const e of c.env ?? []) {
          expect(ALLOWED_ENV).toContain(e.name);
          expect(names.has(e.name)).toBe(false);
          names.add(e.name);
        }
        for (const from of c.envFrom ?? []) {
          // Secrets by explicit key only, so a pod never receives keys it should not have.
          expect(from.secretRef).toBeUndefined();
          const cm = configMaps.find((m) => m.metadata.name === from.configMapRef?.name);
          expect(cm).toBeDefined();
          for (const key of Object.keys(cm?.data ?? {})) names.add(key);
        }
        for (const n of names) expect(ALLOWED_ENV).toContain(n);
        const byName = new Map((c.env ?? []).map((e) => [e.name, e]));
        expect(byName.get('DATABASE_SCHEMA')?.value).toBe(w.svc);
        expect(byName.get('DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe(`wushe-${w.svc}`);
        if (w.kind === 'Deployment') {
          for (const n of REQUIRED_ENV)
            expect({ process: w.name, env: n, set: names.has(n) }).toEqual({
              process: w.name,
              env: n,
              set: true,
            });
          for (const n of ['ENCRYPTION_KEYS', 'HMAC_KEY']) {
            expect(names.has(n)).toBe(WITH_KEYS.has(w.svc));
            if (names.has(n)) expect(byName.get(n)?.valueFrom?.secretKeyRef?.name).toBe(`wushe-${w.svc}`);
          }
          for (const n of ['DATABASE_URL', 'NATS_URL', 'REDIS_URL', 'ENCRYPTION_KEYS', 'HMAC_KEY']) {
            // Never a literal value in a manifest.
            if (byName.has(n)) expect(byName.get(n)?.value).toBeUndefined();
          }
        }
      }
    });

    it('refers only to Secret keys that the example Secrets document', () => {
      for (const c of allContainers(w.pod)) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          const secret = exampleSecrets.find((s) => s.metadata.name === ref.name);
          expect({ ref, documented: Object.keys(secret?.stringData ?? {}).includes(ref.key) }).toEqual({
            ref,
            documented: true,
          });
        }
      }
    });
  });

  it('shared config: port 3000, empty NATS prefix, identity JWKS, issuer, retention, grace', () => {
    const data = sharedConfig();
    for (const key of Object.keys(data)) expect(ALLOWED_ENV).toContain(key);
    expect(data).toMatchObject({
      HTTP_PORT: '3000',
      NATS_PREFIX: '',
      AUTH_JWKS_URL: JWKS_URL,
      AUTH_ISSUER: 'wushe-identity',
      STREAM_MAX_AGE_DAYS: '365',
      SHUTDOWN_GRACE_MS: '25000',
    });
    for (const secretOnly of ['DATABASE_URL', 'ENCRYPTION_KEYS', 'HMAC_KEY', 'NATS_URL', 'REDIS_URL']) {
      expect(Object.keys(data)).not.toContain(secretOnly);
    }
  });
});

describe('deploy/k8s: Services, HPAs, PDBs', () => {
  const podsSelectedBy = (selector: Labels) => deployments.filter((d) => selects(selector, podLabels(d)));

  it.each(apiDeployments.map((d) => [d.metadata.name, d] as const))(
    'API %s has a Service on 3000 selecting only it',
    (_n, d) => {
      const matching = services.filter((s) => selects(s.spec.selector, podLabels(d)));
      expect(matching).toHaveLength(1);
      const svc = matching[0];
      expect(svc.metadata.name).toBe(serviceOf(d));
      expect(podsSelectedBy(svc.spec.selector)).toEqual([d]);
      expect(svc.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: 3000 })]);
      expect(['http', 3000]).toContain(svc.spec.ports[0].targetPort);
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s has an autoscaling/v2 HPA on CPU 70%%',
    (_n, d) => {
      const matching = hpas.filter(
        (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === d.metadata.name,
      );
      expect(matching).toHaveLength(1);
      const h = matching[0];
      expect(h.apiVersion).toBe('autoscaling/v2');
      expect(h.spec.scaleTargetRef.apiVersion).toBe('apps/v1');
      expect(h.spec.minReplicas ?? 1).toBeGreaterThanOrEqual(2);
      expect(h.spec.maxReplicas).toBeGreaterThanOrEqual(h.spec.minReplicas ?? 1);
      expect(h.spec.metrics).toEqual([
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ]);
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s has a PDB with minAvailable 1 selecting only it',
    (_n, d) => {
      const matching = pdbs.filter((p) => selects(p.spec.selector.matchLabels, podLabels(d)));
      expect(matching).toHaveLength(1);
      expect(matching[0].spec.minAvailable).toBe(1);
      expect(podsSelectedBy(matching[0].spec.selector.matchLabels)).toEqual([d]);
    },
  );

  it('has no HPA, PDB or Service without a Deployment', () => {
    const names = new Set(deployments.map((d) => d.metadata.name));
    for (const h of hpas) expect(names).toContain(h.spec.scaleTargetRef.name);
    for (const p of pdbs) expect(podsSelectedBy(p.spec.selector.matchLabels)).toHaveLength(1);
    for (const s of services) expect(podsSelectedBy(s.spec.selector)).toHaveLength(1);
  });
});

function ingressNamed(name: string): Ingress {
  const found = ingresses.find((i) => i.metadata.name === name);
  if (!found) throw new Error(`no Ingress ${name}`);
  return found;
}

describe('deploy/k8s: Ingress and NetworkPolicies', () => {
  it('routes /api/v1/<svc> for all five services to their Services, and nothing else', () => {
    expect(ingresses.map((i) => i.metadata.name).sort()).toEqual(['wushe', 'wushe-roster-uploads']);
    const api = ingressNamed('wushe');
    const paths = api.spec.rules.flatMap((r) => r.http.paths);
    expect(paths.map((p) => p.path).sort()).toEqual(SERVICES.map((s) => `/api/v1/${s}`).sort());
    for (const p of paths) {
      const svc = p.path.split('/')[3];
      expect(p.pathType).toBe('Prefix');
      expect(p.backend.service.name).toBe(svc);
      const target = services.find((s) => s.metadata.name === svc);
      expect(target).toBeDefined();
      const port = p.backend.service.port;
      expect(
        target?.spec.ports.some((sp) => (port.name ? sp.name === port.name : sp.port === port.number)),
      ).toBe(true);
    }
  });

  it('lets roster uploads through at their size, unbuffered, and only them', () => {
    const uploads = ingressNamed('wushe-roster-uploads');
    const paths = uploads.spec.rules.flatMap((r) => r.http.paths);
    expect(paths.map((p) => [p.path, p.backend.service.name])).toEqual([
      ['/api/v1/cases/roster-imports', 'cases'],
    ]);
    const notes = uploads.metadata.annotations ?? {};
    expect(notes['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('200m');
    expect(notes['nginx.ingress.kubernetes.io/proxy-request-buffering']).toBe('off');
    // The same host and certificate as the API.
    const api = ingressNamed('wushe');
    expect(uploads.spec.rules.map((r) => r.host)).toEqual(api.spec.rules.map((r) => r.host));
  });

  it('denies all ingress by default', () => {
    const deny = policies.filter((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0);
    expect(deny).toHaveLength(1);
    expect(deny[0].spec.policyTypes).toEqual(['Ingress']);
    expect(deny[0].spec.ingress ?? []).toEqual([]);
  });

  it('lets the ingress controller reach only API pods, on 3000', () => {
    const p = policies.find((x) =>
      (x.spec.ingress ?? []).some((r) =>
        (r.from ?? []).some((f) => JSON.stringify(f).includes('ingress-nginx')),
      ),
    );
    expect(p?.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'api' });
    expect(p?.spec.ingress?.[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
  });

  it('lets Prometheus scrape every Wushe pod on 3000', () => {
    const p = policies.find((x) =>
      (x.spec.ingress ?? []).some((r) =>
        (r.from ?? []).some((f) => JSON.stringify(f).includes('prometheus')),
      ),
    );
    expect(p?.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/part-of': 'wushe' });
    expect(p?.spec.ingress?.[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
  });

  it('lets every Wushe pod reach identity (JWKS), and no pod reach another API', () => {
    const inNamespace = policies.filter((x) =>
      (x.spec.ingress ?? []).some((r) => (r.from ?? []).some((f) => f.podSelector && !f.namespaceSelector)),
    );
    expect(inNamespace).toHaveLength(1);
    expect(inNamespace[0].spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'identity',
      'app.kubernetes.io/component': 'api',
    });
    expect(inNamespace[0].spec.ingress?.[0].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'wushe' } } },
    ]);
    for (const w of workloads) expect(w.pod).toBeDefined();
    for (const d of deployments) expect(podLabels(d)['app.kubernetes.io/part-of']).toBe('wushe');
  });
});

const KUBECTL = which('kubectl');
(KUBECTL ? describe : describe.skip)('deploy/k8s: rendered production overlay (kubectl kustomize)', () => {
  let rendered: K8sObject[] = [];
  beforeAll(() => {
    const out = execFileSync(KUBECTL as string, ['kustomize', join(K8S, 'overlays/production')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    rendered = parseAllDocuments(out)
      .map((d) => d.toJS() as K8sObject)
      .filter(Boolean);
  });

  it('renders every object of the base, all in namespace wushe', () => {
    expect(rendered).toHaveLength(OBJECTS.filter(inBase).length);
    for (const o of rendered) if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe('wushe');
  });

  it('points every container at the released image', () => {
    const images = rendered
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .flatMap((o) => (o as unknown as Deployment).spec.template.spec.containers.map((c) => c.image));
    expect(images).toHaveLength(deployments.length + jobs.length);
    expect(new Set(images).size).toBe(1);
    expect(images[0]).toMatch(/^[\w.-]+(:\d+)?\/[\w./-]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/);
  });
});

// ----- Dockerfile ------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
function dockerInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  return logical.map((l) => {
    const [op, ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
}

describe('deploy/Dockerfile', () => {
  const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
  const ins = dockerInstructions(text);
  const stages: { image: string; alias?: string; body: Instruction[] }[] = [];
  for (const i of ins) {
    if (i.op === 'FROM') {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      stages.push({ image: parts[0], alias: parts[2], body: [] });
    } else stages.at(-1)?.body.push(i);
  }
  const final = stages[stages.length - 1];

  it('is multi-stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
  });

  it('pins every external base image to an exact version', () => {
    const aliases = new Set<string>();
    for (const s of stages) {
      if (!aliases.has(s.image)) {
        expect(s.image).not.toMatch(/\$/); // no ARG-chosen base
        expect(s.image).toMatch(
          /^[\w./-]+(:\d+\.\d+\.\d+[\w.-]*(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$/,
        );
      }
      if (s.alias) aliases.add(s.alias);
    }
    expect(text).toContain('node:20.20.2-bookworm-slim');
    expect(aliases.has(final.image)).toBe(false); // the final stage starts from the pinned image
  });

  it('runs the final stage as a numeric non-root user', () => {
    const users = final.body.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.trim();
    expect(user).toMatch(/^\d+(:\d+)?$/); // numeric, so runAsNonRoot can verify it
    const [uid, gid] = user.split(':');
    expect(uid).toBe('10001');
    expect(gid ?? '10001').not.toBe('0');
  });

  it('has no HEALTHCHECK (Kubernetes probes do it)', () => {
    expect(ins.filter((i) => i.op === 'HEALTHCHECK')).toEqual([]);
  });

  it('installs production dependencies plus the prisma CLI for the final stage', () => {
    const copied = final.body.filter((i) => i.op === 'COPY').map((i) => i.args);
    const depsStage = stages.find((s) =>
      copied.some((c) => c.includes(`--from=${s.alias} `) && c.includes('node_modules')),
    );
    expect(depsStage).toBeDefined();
    const runs = depsStage?.body.filter((i) => i.op === 'RUN').map((i) => i.args) ?? [];
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => r.includes('dependencies.prisma'))).toBe(true);
    expect(final.body.some((i) => i.op === 'RUN' && /npm (ci|install)/.test(i.args))).toBe(false);
  });

  it('builds with npm ci, prisma generate and the tsc build', () => {
    const runs = ins
      .filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join('\n');
    expect(runs).toMatch(/npm ci/);
    expect(runs).toMatch(/npm run prisma:generate/);
    expect(runs).toMatch(/npm run build/);
  });

  it('has its own .dockerignore (BuildKit: Dockerfile.dockerignore) keeping host artefacts out', () => {
    const ignore = readFileSync(join(DEPLOY, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const must of ['**/node_modules', 'dist', '.git', '**/.env']) expect(ignore).toContain(must);
  });
});

// ----- compose ---------------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: object;
  command?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
  restart?: string;
  profiles?: string[];
}

describe('deploy/compose.yaml', () => {
  const doc = parseAllDocuments(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true });
  const first = Array.isArray(doc) ? doc[0] : doc;
  const compose = first.toJS() as { services: Record<string, ComposeService> };
  const svc = compose.services;
  const apps = [...SERVICES, ...[...WITH_WORKER].map((s) => `${s}-worker`)];

  it('parses', () => {
    expect([...first.errors, ...first.warnings]).toEqual([]);
  });

  it('has postgres 15, redis 7, nats 2.10 with JetStream, pinned', () => {
    expect(svc.postgres.image).toMatch(/^postgres:15\.\d+/);
    expect(svc.redis.image).toMatch(/^redis:7\.\d+\.\d+/);
    expect(svc.nats.image).toMatch(/^nats:2\.10\.\d+/);
    expect(svc.nats.command).toContain('-js');
  });

  it('has the migrate one-shot, five APIs and four workers, all healthchecked except the one-shot', () => {
    expect(svc.migrate.restart).toBe('no');
    for (const name of apps) {
      expect(svc[name]).toBeDefined();
      expect(svc[name].healthcheck?.test).toBeDefined();
      expect(svc[name].depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(svc[name].read_only).toBe(true);
    }
    for (const [name, s] of Object.entries(svc)) {
      if (name !== 'migrate')
        expect({ name, healthcheck: Boolean(s.healthcheck) || Boolean(s.profiles) }).toEqual({
          name,
          healthcheck: true,
        });
    }
  });

  it.each(apps)('%s runs the right entry point with contract-only environment', (name) => {
    const [service, kind] = name.split('-');
    const s = svc[name];
    expect(s.command).toEqual([
      'node',
      `dist/services/${service}/src/${kind === 'worker' ? 'worker.js' : 'main.js'}`,
    ]);
    const env = s.environment ?? {};
    for (const key of Object.keys(env)) expect(ALLOWED_ENV).toContain(key);
    for (const key of REQUIRED_ENV) expect(Object.keys(env)).toContain(key);
    expect(env.DATABASE_SCHEMA).toBe(service);
    expect(env.HTTP_PORT).toBe(kind === 'worker' ? '3000' : LOCAL_PORT[service]);
    expect('ENCRYPTION_KEYS' in env).toBe(WITH_KEYS.has(service));
  });
});

// ----- observability and NATS config ----------------------------------------------------

describe('deploy/otel/collector.yaml', () => {
  it('receives OTLP and exports to debug (logging) and otlp', () => {
    const c = parse(readFileSync(join(DEPLOY, 'otel/collector.yaml'), 'utf8')) as {
      receivers: { otlp: { protocols: Record<string, unknown> } };
      exporters: Record<string, unknown>;
      service: {
        pipelines: Record<string, { receivers: string[]; exporters: string[]; processors?: string[] }>;
      };
    };
    expect(Object.keys(c.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    expect(Object.keys(c.exporters)).toEqual(expect.arrayContaining(['debug', 'otlp']));
    expect(c.service.pipelines.traces.receivers).toEqual(['otlp']);
    expect(c.service.pipelines.traces.exporters).toEqual(expect.arrayContaining(['debug', 'otlp']));
    expect(c.service.pipelines.traces.processors?.[0]).toBe('memory_limiter');
  });
});

const NATS_CONF = join(DEPLOY, 'nats/nats-server.conf');
const NATS_PASSWORDS: Record<string, string> = {
  NATS_SERVER_NAME: 'wushe-test',
  WUSHE_SERVICES_PASSWORD: 'svc-test',
  WUSHE_OPS_PASSWORD: 'ops-test',
  CIVIL_AFFAIRS_PASSWORD: 'ca-test',
  DISTRICT_VOLUNTEER_PLATFORM_PASSWORD: 'dvp-test',
  SYS_ADMIN_PASSWORD: 'sys-test',
};

describe('deploy/nats/nats-server.conf (static)', () => {
  const conf = readFileSync(NATS_CONF, 'utf8');
  it('enables JetStream and declares the WUSHE, EXTERNAL and SYS accounts', () => {
    expect(conf).toMatch(/^jetstream\s*\{/m);
    for (const a of ['WUSHE', 'EXTERNAL', 'SYS']) expect(conf).toMatch(new RegExp(`^\\s{2}${a}\\s*\\{`, 'm'));
    expect(conf).toMatch(/^system_account:\s*SYS/m);
    expect(conf).not.toMatch(/^\s*no_auth_user/m); // no anonymous clients
  });
  it('exports every event stream to EXTERNAL read-only, and not the dead letters', () => {
    for (const s of SERVICES) expect(conf).toContain(`{ stream: "${s}.>", `);
    expect(conf).not.toMatch(/stream:\s*"deadletter/);
  });
  it('reads every password from the environment', () => {
    const passwords = [...conf.matchAll(/password:\s*(\S+)/g)].map((m) => m[1]);
    expect(passwords.length).toBeGreaterThan(0);
    for (const p of passwords) expect(p).toMatch(/^\$[A-Z_]+$/);
    for (const p of passwords) expect(Object.keys(NATS_PASSWORDS)).toContain(p.slice(1));
  });
});

const NATS_SERVER = which('nats-server');
(NATS_SERVER ? describe : describe.skip)('deploy/nats/nats-server.conf (live, local nats-server)', () => {
  // The conf's store_dir (/data/jetstream) is replaced by a temp dir; ports by free
  // loopback ports. Everything else is the file as shipped.
  let server: ChildProcess | undefined;
  let dir = '';
  let url = '';

  const freePort = () =>
    new Promise<number>((res, rej) => {
      const s = createServer();
      s.once('error', rej);
      s.listen(0, '127.0.0.1', () => {
        const address = s.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        s.close(() => res(port));
      });
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wushe-nats-conf-'));
    const conf = readFileSync(NATS_CONF, 'utf8').replace(/store_dir:\s*\S+/, `store_dir: ${join(dir, 'js')}`);
    writeFileSync(join(dir, 'nats-server.conf'), conf);
    const [port, monitor] = [await freePort(), await freePort()];
    url = `nats://127.0.0.1:${port}`;
    const proc = spawn(
      NATS_SERVER as string,
      ['-c', join(dir, 'nats-server.conf'), '-a', '127.0.0.1', '-p', String(port), '-m', String(monitor)],
      { env: { ...process.env, ...NATS_PASSWORDS }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server = proc;
    await new Promise<void>((res, rej) => {
      let log = '';
      const timer = setTimeout(() => rej(new Error(`nats-server did not start:\n${log}`)), 15_000);
      const onData = (b: Buffer) => {
        log += b.toString();
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          res();
        }
      };
      proc.stderr?.on('data', onData);
      proc.stdout?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`nats-server exited with ${code}:\n${log}`));
      });
    });
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((res) => server?.once('exit', res));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is accepted by nats-server -t', () => {
    const out = execFileSync(NATS_SERVER as string, ['-t', '-c', NATS_CONF], {
      env: { ...process.env, ...NATS_PASSWORDS },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out + '').toBeDefined();
  });

  it('gives the civil-affairs user live and durable read-only access to exactly cases.> and identity.station.>', async () => {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstream, jetstreamManager, AckPolicy } = await import('@nats-io/jetstream');

    const ops = await connect({ servers: url, user: 'wushe-ops', pass: NATS_PASSWORDS.WUSHE_OPS_PASSWORD });
    const svc = await connect({
      servers: url,
      user: 'wushe-services',
      pass: NATS_PASSWORDS.WUSHE_SERVICES_PASSWORD,
    });
    const ext = await connect({
      servers: url,
      user: 'civil-affairs',
      pass: NATS_PASSWORDS.CIVIL_AFFAIRS_PASSWORD,
      inboxPrefix: '_INBOX_civil_affairs',
    });
    const violations: string[] = [];
    void (async () => {
      for await (const s of ext.status()) if (s.type === 'error') violations.push(String(s.error));
    })();
    try {
      // Operators set up streams and the subscriber's durable consumers in WUSHE.
      const jsm = await jetstreamManager(ops);
      await jsm.streams.add({ name: 'CASES', subjects: ['cases.>'] });
      await jsm.streams.add({ name: 'IDENTITY', subjects: ['identity.>'] });
      const durable = { ack_policy: AckPolicy.Explicit };
      await jsm.consumers.add('CASES', {
        ...durable,
        durable_name: 'civil-affairs-cases',
        filter_subject: 'cases.>',
      });
      await jsm.consumers.add('IDENTITY', {
        ...durable,
        durable_name: 'civil-affairs-identity',
        filter_subject: 'identity.station.>',
      });
      await jsm.consumers.add('IDENTITY', { ...durable, durable_name: 'someone-else-identity' });

      // Live events through the stream imports, narrowed by the user's permissions.
      const live: string[] = [];
      ext.subscribe('cases.>', { callback: (_e, m) => void live.push(m.subject) });
      ext.subscribe('identity.station.>', { callback: (_e, m) => void live.push(m.subject) });
      await ext.flush();
      const js = jetstream(svc);
      await js.publish('cases.recipient.registered.v1', '{}', { msgID: 'e1' });
      await js.publish('identity.station.created.v1', '{}', { msgID: 'e2' });
      await js.publish('identity.account.created.v1', '{}', { msgID: 'e3' });
      await svc.flush();
      await new Promise((r) => setTimeout(r, 200));
      expect(live.sort()).toEqual(['cases.recipient.registered.v1', 'identity.station.created.v1']);

      // Replay through its own durables via the imported JetStream API.
      const xjs = jetstream(ext, { apiPrefix: '$JS.wushe.API' });
      const fetched: string[] = [];
      for (const [stream, name] of [
        ['CASES', 'civil-affairs-cases'],
        ['IDENTITY', 'civil-affairs-identity'],
      ]) {
        const consumer = await xjs.consumers.get(stream, name);
        for await (const m of await consumer.fetch({ max_messages: 10, expires: 1000 })) {
          fetched.push(m.subject);
          await m.ackAck();
        }
        expect((await jsm.consumers.info(stream, name)).num_ack_pending).toBe(0);
      }
      expect(fetched.sort()).toEqual(['cases.recipient.registered.v1', 'identity.station.created.v1']);

      // Everything else is refused.
      await expect(xjs.consumers.get('IDENTITY', 'someone-else-identity')).rejects.toThrow(
        /Permissions Violation/,
      );
      ext.publish('cases.recipient.registered.v1', '{}');
      ext.subscribe('identity.account.>');
      await ext.flush().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      expect((await jsm.streams.info('CASES')).state.messages).toBe(1);
      expect(violations.join('\n')).toMatch(/Publish to "cases.recipient.registered.v1"/);
      expect(violations.join('\n')).toMatch(/Subscription to "identity.account.>"/);
      await expect(connect({ servers: url, reconnect: false })).rejects.toThrow(/Authorization/);
    } finally {
      await Promise.all([ops.close(), svc.close(), ext.close()]);
    }
  });
});
