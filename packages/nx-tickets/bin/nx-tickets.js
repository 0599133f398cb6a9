#!/usr/bin/env node
// The `nx-tickets` bin: the compiled CLI does the work (`npm run build` creates dist/).
import '../dist/cli/main.js';
