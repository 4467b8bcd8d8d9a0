/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a command-line entry point needs process */
/**
 * `npm run sandbox`: the IS74 API simulator on its own, with a demo token, a demo account and one
 * demo campaign for today, so the nodes can be tried by hand.
 */
import { Is74Simulator } from './server';

const port = Number(process.env.IS74_SIM_PORT ?? process.argv[2] ?? 5690);
const token = process.env.IS74_SIM_TOKEN ?? 'demo-token';
const account = { login: process.env.IS74_SIM_LOGIN ?? 'demo', password: process.env.IS74_SIM_PASSWORD ?? 'demo-password' };

async function main(): Promise<void> {
	const simulator = await new Is74Simulator({ port, staticTokens: [token], accounts: [account] }).start();
	const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
	const names = ['Иванов Иван', 'Петрова Анна', 'Сидоров Пётр', 'Кузнецова Мария', 'Смирнов Алексей', 'Попова Елена'];
	const demo = simulator.seedCampaign({
		campaign: {
			project_id: 1,
			name: 'Демо обзвон',
			description: 'Seeded by npm run sandbox',
			start_block_id: 10,
			schedule: { date: today, start_time: '09:00', end_time: '18:00', periods: { id: 1, title: 'Однократно' }, attempts: { id: 2, title: '2' }, interval: '5' },
			state: 'Создано',
			phone_id: 5,
		},
		phones: names.map((name, index) => ({ phone: `+7912555${String(index).padStart(4, '0')}`, add_data: { name } })),
	});
	process.stdout.write(
		[
			`IS74 API simulator listening on ${simulator.url}`,
			`  Access token:      ${token}`,
			`  Login / password:  ${account.login} / ${account.password}`,
			`  Demo campaign:     project 1, start block 10, campaign ${demo.id} (${today})`,
			'Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
	const stop = () => void simulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
