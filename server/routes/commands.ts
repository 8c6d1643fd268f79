// The named commands whose validity only the server may decide (docs/sync-protocol.md,
// "Commands"): for each, the action the caller must be allowed (checked before the body is read),
// the request's schema, and the function that carries it out.

import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  decideLostRequestSchema,
  deleteCustomerRequestSchema,
  mergeDuplicateCustomersRequestSchema,
  reassignCustomersRequestSchema,
  restoreCustomerRequestSchema,
  withdrawImportedCustomersRequestSchema,
} from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { authorizeFirst, callerOf, type Action, type Caller } from '../auth/authorize';
import type { Database } from '../db/database';
import { parseRequest } from '../http/errors';
import { decideLost } from '../sync/decide-lost';
import { deleteCustomer, listDeletedCustomers, restoreCustomer } from '../sync/delete-customer';
import { mergeDuplicateCustomers } from '../sync/merge';
import { reassignCustomers } from '../sync/reassign';
import { withdrawImportedCustomers } from '../sync/withdraw-import';

type Command<Schema extends z.ZodType> = {
  action: Action;
  schema: Schema;
  run: (db: Database, caller: Caller, body: z.infer<Schema>) => Promise<unknown>;
};

/** One command's route; generic, so that its schema and its function are checked together. */
function registerCommand<Schema extends z.ZodType>(
  app: FastifyInstance,
  ctx: AppContext,
  name: string,
  { action, schema, run }: Command<Schema>,
): void {
  app.post(`/v1/commands/${name}`, authorizeFirst(ctx.authorize, action), async (request) =>
    run(ctx.db, callerOf(request), parseRequest(schema, request.body)),
  );
}

export function registerCommandRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerCommand(app, ctx, 'reassign-customers', {
    action: 'reassign_customers',
    schema: reassignCustomersRequestSchema,
    run: reassignCustomers,
  });
  registerCommand(app, ctx, 'decide-lost', {
    action: 'decide_lost',
    schema: decideLostRequestSchema,
    run: decideLost,
  });
  registerCommand(app, ctx, 'merge-customers', {
    action: 'merge_customers',
    schema: mergeDuplicateCustomersRequestSchema,
    run: mergeDuplicateCustomers,
  });
  registerCommand(app, ctx, 'delete-customer', {
    action: 'delete_customers',
    schema: deleteCustomerRequestSchema,
    run: deleteCustomer,
  });
  registerCommand(app, ctx, 'restore-customer', {
    action: 'delete_customers',
    schema: restoreCustomerRequestSchema,
    run: restoreCustomer,
  });
  registerCommand(app, ctx, 'withdraw-imported-customers', {
    action: 'withdraw_imports',
    schema: withdrawImportedCustomersRequestSchema,
    run: withdrawImportedCustomers,
  });

  app.get('/v1/deleted-customers', authorizeFirst(ctx.authorize, 'delete_customers'), (request) =>
    listDeletedCustomers(ctx.db, callerOf(request)),
  );
}
