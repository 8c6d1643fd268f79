import type { FastifyInstance } from 'fastify';
import {
  decideLostRequestSchema,
  deleteCustomerRequestSchema,
  restoreCustomerRequestSchema,
  mergeCustomersRequestSchema,
  reassignCustomersRequestSchema,
} from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { authorizeFirst, callerOf } from '../auth/authorize';
import { parseRequest } from '../http/errors';
import { decideLost } from '../sync/decide-lost';
import { deleteCustomer, listDeletedCustomers, restoreCustomer } from '../sync/delete-customer';
import { mergeCustomers } from '../sync/merge';
import { reassignCustomers } from '../sync/reassign';

export function registerCommandRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/v1/commands/reassign-customers',
    authorizeFirst(ctx.authorize, 'reassign_customers'),
    async (request) => {
      const caller = callerOf(request);
      const body = parseRequest(reassignCustomersRequestSchema, request.body);
      return reassignCustomers(ctx.db, caller, body);
    },
  );

  app.post(
    '/v1/commands/decide-lost',
    authorizeFirst(ctx.authorize, 'decide_lost'),
    async (request) => {
      const caller = callerOf(request);
      const body = parseRequest(decideLostRequestSchema, request.body);
      return decideLost(ctx.db, caller, body);
    },
  );

  app.post(
    '/v1/commands/merge-customers',
    authorizeFirst(ctx.authorize, 'merge_customers'),
    async (request) => {
      const caller = callerOf(request);
      const body = parseRequest(mergeCustomersRequestSchema, request.body);
      return mergeCustomers(ctx.db, caller, body);
    },
  );

  app.post(
    '/v1/commands/delete-customer',
    authorizeFirst(ctx.authorize, 'delete_customers'),
    async (request) => {
      const caller = callerOf(request);
      const body = parseRequest(deleteCustomerRequestSchema, request.body);
      return deleteCustomer(ctx.db, caller, body);
    },
  );

  app.post(
    '/v1/commands/restore-customer',
    authorizeFirst(ctx.authorize, 'delete_customers'),
    async (request) => {
      const caller = callerOf(request);
      const body = parseRequest(restoreCustomerRequestSchema, request.body);
      return restoreCustomer(ctx.db, caller, body);
    },
  );

  app.get('/v1/deleted-customers', async (request) => {
    const caller = await ctx.authorize(request, 'delete_customers');
    return listDeletedCustomers(ctx.db, caller);
  });
}
