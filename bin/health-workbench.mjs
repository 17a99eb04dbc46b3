#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx health-workbench` works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/run.ts');
