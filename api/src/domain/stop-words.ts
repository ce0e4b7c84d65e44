// Words too common to say anything in a "liked least" answer, per base language. Short on purpose:
// the list only has to keep the top of the ranking meaningful, not to be a linguistic resource.
const LISTS: Record<string, string> = {
  en: 'a an and are as at be but by can could did do does for from had has have i if in is it its just me my no not of on or so that the their there they this to too very was we were what when which with would you your our us he she them than then also more much get got one while took',
  de: 'aber als am an auch auf aus bei bin bis da das dass dem den der des die du ein eine einen einem er es für hat hatte ich ihr im in ist ja kein man mein mit nicht noch nur oder sehr sie sind so und uns von war was wie wir zu zum zur',
  fr: 'à au aux avec ce ces c dans de des du elle en est et eu il ils je j la le les leur l ma mais me mes moi mon ne nous on ou par pas pour qu que qui sa se ses son sur ta te très tu un une vous y été était',
  es: 'a al algo como con de del el ella en era es esta este fue ha hay la las le lo los más me mi muy no nos o para pero por que qué se si sin su sus te tu un una y ya yo',
  ja: 'の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など なっ ない この ため その あっ よう また もの という あり まで られ なる へ か だ これ によって により おり より による ず なり られる において ば なかっ なく しかし について せ だっ その後 できる それ う ので なお のみ でき き つ における および いう さらに でも ら たり です ます',
  zh: '的 了 是 我 你 他 她 它 们 在 有 和 就 不 也 都 很 这 那 与 及 或 但 而 一 个 吧 吗 呢 啊 得 地 着 过 太 还 又 就是 没有 什么 可以',
  ar: 'في من على إلى عن مع هذا هذه ذلك التي الذي هو هي أن إن كان كانت لا ما لم لن قد ثم أو و يا كل بعض غير عند',
};

const sets = new Map<string, Set<string>>();

/** The stop words for a locale's base language (`fr-CA` → `fr`); English when we have none. */
export function stopWordsFor(locale: string | null | undefined): Set<string> {
  const base = (locale ?? 'en').split('-')[0]!.toLowerCase();
  const key = base in LISTS ? base : 'en';
  let set = sets.get(key);
  if (!set) {
    set = new Set(LISTS[key]!.split(' '));
    sets.set(key, set);
  }
  return set;
}
