import type { LoaderFunctionArgs } from '@remix-run/node';
import { exportResponse } from '~/sportello/export-route.server';

/** The indicators of the filters as XLSX, summary sheet first; with `trimestre`, the FAMI quarterly summary. */
export async function loader(args: LoaderFunctionArgs) {
  return exportResponse(args, 'xlsx');
}
