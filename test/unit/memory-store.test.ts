import { MemoryStore } from '../../src/store/memory-store.js';
import { storeContract } from '../contract/store-contract.js';

storeContract('MemoryStore', async () => ({ store: new MemoryStore(), cleanup: async () => undefined }), { durable: false });
