import type { LoaderFunctionArgs } from '@remix-run/node';
import { exportResponse } from '~/sportello/export-route.server';

/** The indicators of the filters as CSV (`;`, UTF-8 with BOM); with `trimestre`, the FAMI quarterly summary. */
export async function loader(args: LoaderFunctionArgs) {
  return exportResponse(args, 'csv');
}
