/**
 * Generated question rows for the import bench (bench/bank-import.ts) and the import scale
 * tests: seeded, made of random common characters, so no real text and the same file every run.
 */
import { seededRandom } from '../src/lib/core/play/random';

/** Characters the generated stems are drawn from: common Han characters, no real text. */
const HAN =
	'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

function pick(random: () => number, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += HAN[Math.floor(random() * HAN.length)] ?? '党';
	return out;
}

function csvCell(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV file in the import template with `n` generated question rows (seeded, so every run
 * reads the same file): half single choice, the rest multiple, judge and fill; a third of the
 * rows without 解析 (they become drafts), one in a hundred an exact duplicate of an earlier row
 * and one in a hundred a near duplicate. About 300 bytes a row, like a real bank.
 */
export function generateImportCsv(n: number, seed = 2026): string {
	const random = seededRandom(seed);
	const lines = ['题型,题目,选项A,选项B,选项C,选项D,答案,解析,出处,难度,知识点'];
	const stems: string[][] = [];
	for (let i = 0; i < n; i++) {
		const r = random();
		let row: string[];
		const earlier = stems[Math.floor(random() * stems.length)];
		if (earlier && r < 0.01) row = [...earlier];
		else if (earlier && r < 0.02)
			row = [...earlier.slice(0, 1), earlier[1] + '呢', ...earlier.slice(2)];
		else {
			const kind = random();
			const stem = pick(random, 18 + Math.floor(random() * 24));
			const explanation = random() < 0.33 ? '' : pick(random, 30 + Math.floor(random() * 60));
			const source = `《${pick(random, 4)}》第${1 + Math.floor(random() * 20)}章`;
			const difficulty = ['易', '中', '难'][Math.floor(random() * 3)] ?? '中';
			const tags = `${pick(random, 2)}；${pick(random, 3)}`;
			const options = [0, 1, 2, 3].map(() => pick(random, 3 + Math.floor(random() * 8)));
			if (kind < 0.5) {
				row = ['单选题', stem + '？', ...options, 'ABCD'[Math.floor(random() * 4)] ?? 'A'];
			} else if (kind < 0.65) {
				row = ['多选题', stem + '？', ...options, 'ACD'];
			} else if (kind < 0.85) {
				row = ['判断题', stem + '。（ ）', '', '', '', '', random() < 0.5 ? '√' : '×'];
			} else {
				row = [
					'填空题',
					stem.slice(0, 10) + '（ ）' + stem.slice(10) + '。',
					'',
					'',
					'',
					'',
					pick(random, 4)
				];
			}
			row.push(explanation, source, difficulty, tags);
		}
		stems.push(row);
		lines.push(row.map(csvCell).join(','));
	}
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
