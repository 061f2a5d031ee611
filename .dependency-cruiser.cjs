/**
 * Module boundaries (docs/architecture.md), checked by `npm run lint`:
 * - no cycle between feature modules (src/modules/<name>/);
 * - the module graph follows the allowed list below (dependencies run one way);
 * - no import of another module's entities/ or *.repository.ts (ask the owner's service);
 * - domain/ code imports no framework.
 * Type-only imports (`import type`) of another module's entity describe data handed over by its service: allowed.
 */
const MODULE_DEPS = {
  audit: [],
  notices: ['audit'],
  users: ['audit', 'notices'],
  health: [],
  territories: ['audit'],
  fees: ['audit'],
  creches: ['audit', 'territories', 'fees', 'users'],
  waitlist: ['audit', 'territories', 'creches', 'families'],
  families: ['audit', 'notices', 'users', 'fees'],
  contracts: ['audit', 'creches', 'fees', 'families'],
  'fee-audit': ['audit', 'creches', 'fees', 'contracts'],
  applications: ['audit', 'notices', 'users', 'creches', 'families', 'waitlist', 'territories'],
  allocation: [
    'audit',
    'notices',
    'creches',
    'families',
    'waitlist',
    'fees',
    'contracts',
    'applications',
    'territories',
  ],
  privacy: ['audit', 'families', 'users', 'applications', 'contracts', 'attendance'],
  attendance: ['audit', 'creches', 'families'],
  billing: ['audit', 'notices', 'creches', 'families', 'fees', 'attendance'],
  'territory-dashboard': ['audit', 'territories', 'creches', 'users'],
  'caf-reports': ['creches', 'fees', 'billing'],
};

const graphRules = Object.entries(MODULE_DEPS).map(([from, allowed]) => ({
  name: `module-graph-${from}`,
  comment: `${from} may only depend on: ${allowed.join(', ') || 'nothing'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/modules/${from}/` },
  to: {
    path: '^src/modules/([^/]+)/',
    pathNot: [`^src/modules/(${[from, ...allowed].join('|')})/`],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      comment: 'Feature modules depend on each other one way only.',
      severity: 'error',
      // Any cycle between two modules has an edge that leaves a module: flag those edges.
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/$1/', circular: true },
    },
    {
      name: 'no-foreign-entities',
      comment: "Another module's tables are written and read through its service, never through its entities.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/entities/', pathNot: '^src/modules/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-foreign-repositories',
      comment: "A module's SQL is its own: no import of another module's repository.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.+[.]repository[.]ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'read-models-read-only-imports',
      comment: 'Read models may import entities types and common/, nothing that writes.',
      severity: 'error',
      from: { path: '^src/read-models/' },
      to: { path: '[.](service|repository|controller|processor)[.]ts$' },
    },
    {
      name: 'common-is-below-modules',
      comment: 'common/ serves every module and imports none.',
      severity: 'error',
      // Exceptions: the data source lists every entity class; roles are the users module's, read by auth.
      from: { path: '^src/common/', pathNot: '^src/common/db/entities[.]ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/users/domain/role[.]ts$' },
    },
    ...graphRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '[.](spec|int-spec|e2e-spec)[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
