import { setSourceMapsSupport } from 'node:module';

// Stack traces name our .ts files and lines. Only our own code's maps: the source maps that packages in
// node_modules ship cost about 40 MB per process (what --enable-source-maps would load).
setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
