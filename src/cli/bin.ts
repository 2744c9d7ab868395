import { handleSignals } from '../_tempfiles';
import { main } from './main';

// Ctrl-C, a kill or a closed terminal during `--out` leaves neither a partial file nor a temporary
// one; outputs completed before the signal stay as they are.
handleSignals();

// A reader that closes the pipe early (`mgi score … | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mgi: internal error: ${String(e)}\n`);
    process.exitCode = 70;
  },
);
