import { defineConfig } from "vite";

export default defineConfig({
  // The dev server's dependency pre-bundling would lose the .wasm next to the package's glue.
  optimizeDeps: { exclude: ["sync-wasm"] },
  build: { target: "es2022" },
});
