#!/usr/bin/env node
/**
 * The installed command: turns on Node's on-disk compile cache before any of the CLI is loaded, so
 * later runs skip compiling it, then runs the CLI (main.ts). The bundle is built from this file.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./main.js');
