// Installs Debian's chromium when it is missing (Playwright cannot download its own browsers here).
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const bin = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (fs.existsSync(bin)) {
  console.log(`chromium: ${bin}`);
} else {
  console.log('chromium mancante: installo il pacchetto Debian «chromium»…');
  const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core`, { stdio: 'inherit' });
}
