import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The ASP.NET Core host (AdminUi.csproj) serves the build from its wwwroot and proxies /api to the services.
export default defineConfig({
  plugins: [react()],
  // React, Recharts and the OIDC client make one ~700 kB bundle (200 kB gzipped), loaded once and cached for good.
  build: { outDir: '../wwwroot', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  test: { environment: 'node' },
});
