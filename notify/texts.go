package notify

import "muster/datefmt"

// lang is one language's message texts. In the texts, {what} is the event
// and shift, {when} their span, {where} the place phrase (empty without a
// location), {pos} the place on the waitlist.
type lang struct {
	dates   datefmt.Names
	hello   string // greeting before the name
	comma   string // after the greeting: ", " (Arabic "، ")
	where   string // the place phrase, {place} being the location
	seated  string // the confirmation's ending when they have a seat
	waiting string // the confirmation's ending when they wait
	link    string // the personal link's sentence, {link} being the URL (see withLink)
	kinds   map[string]text
}

// text is one message kind's subject (email only) and body.
type text struct{ subject, body string }

// defaultLang is used for people whose language has no texts.
const defaultLang = "en"

// Langs lists the languages messages are written in.
var Langs = []string{"en", "es", "ar"}

func mustNames(days, months, sep string) datefmt.Names {
	n, err := datefmt.Parse(days, months, sep)
	if err != nil {
		panic(err)
	}
	return n
}

// texts holds every kind in every language; TestTextsComplete checks it.
var texts = map[string]*lang{
	"en": {
		dates: mustNames("Sun Mon Tue Wed Thu Fri Sat", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", ", "),
		hello: "Hello", comma: ", ", where: " at {place}",
		seated:  " You have a seat.",
		waiting: " The shift is full for now: you are number {pos} on the waitlist. If a seat opens for you, you will get the reminders.",
		link:    "\n\nWill you come? Tell us here: {link}",
		kinds: map[string]text{
			"confirmation": {"You signed up: {what}", "thank you for signing up for {what}, {when}{where}."},
			"waitlisted": {"Waitlisted: {what}", "we are sorry: the seat you were given for {what}, {when}{where}, went to someone " +
				"who signed up earlier on another device. You are now number {pos} on the waitlist. If a seat opens for you, you will get the reminders."},
			"promoted":     {"A seat opened for you: {what}", "good news: a seat opened for you at {what}, {when}{where}. You are in now, and you will get the reminders."},
			"reminder_24h": {"Reminder: {what} tomorrow", "a reminder that {what} starts tomorrow: {when}{where}. See you there!"},
			"reminder_2h":  {"Reminder: {what} in two hours", "a reminder that {what} starts in two hours: {when}{where}. See you there!"},
			"thank_you":    {"Thank you: {what}", "thank you for coming to {what}. It made a difference."},
			"cancellation": {"Cancelled: {what}", "{what}, {when}{where}, is cancelled. You do not need to come. Thank you for offering your time."},
		},
	},
	"es": {
		dates: mustNames("dom lun mar mié jue vie sáb", "ene feb mar abr may jun jul ago sept oct nov dic", ", "),
		hello: "Hola", comma: ", ", where: " en {place}",
		seated:  " Tienes plaza.",
		waiting: " El turno está completo por ahora: eres el número {pos} en la lista de espera. Si se libera una plaza para ti, recibirás los recordatorios.",
		link:    "\n\n¿Vendrás? Avísanos aquí: {link}",
		kinds: map[string]text{
			"confirmation": {"Te has apuntado: {what}", "gracias por apuntarte a {what}, {when}{where}."},
			"waitlisted": {"En lista de espera: {what}", "lo sentimos: la plaza que te dimos para {what}, {when}{where}, es para alguien " +
				"que se apuntó antes desde otro dispositivo. Ahora eres el número {pos} en la lista de espera. Si se libera una plaza para ti, recibirás los recordatorios."},
			"promoted":     {"Se ha liberado una plaza para ti: {what}", "buenas noticias: se ha liberado una plaza para ti en {what}, {when}{where}. Ya estás dentro y recibirás los recordatorios."},
			"reminder_24h": {"Recordatorio: {what} mañana", "te recordamos que {what} empieza mañana: {when}{where}. ¡Nos vemos allí!"},
			"reminder_2h":  {"Recordatorio: {what} dentro de dos horas", "te recordamos que {what} empieza dentro de dos horas: {when}{where}. ¡Nos vemos allí!"},
			"thank_you":    {"Gracias: {what}", "gracias por venir a {what}. Has marcado la diferencia."},
			"cancellation": {"Cancelado: {what}", "{what}, {when}{where}, se ha cancelado. No hace falta que vengas. Gracias por ofrecer tu tiempo."},
		},
	},
	"ar": {
		dates: mustNames("الأحد الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت",
			"يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر", "، "),
		hello: "مرحبًا", comma: "، ", where: " في {place}",
		seated:  " لديك مكان.",
		waiting: " المناوبة ممتلئة حاليًا: ترتيبك {pos} على قائمة الانتظار. إذا توفر لك مكان فستصلك التذكيرات.",
		link:    "\n\nهل ستحضر؟ أخبرنا هنا: {link}",
		kinds: map[string]text{
			"confirmation": {"تم تسجيلك: {what}", "شكرًا لتسجيلك في {what}، {when}{where}."},
			"waitlisted": {"على قائمة الانتظار: {what}", "نعتذر: المكان الذي حصلت عليه في {what}، {when}{where}، ذهب إلى شخص " +
				"سجّل قبلك من جهاز آخر. ترتيبك الآن {pos} على قائمة الانتظار. إذا توفر لك مكان فستصلك التذكيرات."},
			"promoted":     {"توفر لك مكان: {what}", "أخبار سارة: توفر لك مكان في {what}، {when}{where}. أصبح لديك مكان الآن وستصلك التذكيرات."},
			"reminder_24h": {"تذكير: {what} غدًا", "نذكّرك بأن {what} يبدأ غدًا: {when}{where}. نراك هناك!"},
			"reminder_2h":  {"تذكير: {what} بعد ساعتين", "نذكّرك بأن {what} يبدأ بعد ساعتين: {when}{where}. نراك هناك!"},
			"thank_you":    {"شكرًا: {what}", "شكرًا لحضورك {what}. لقد أحدثت فرقًا."},
			"cancellation": {"أُلغي: {what}", "أُلغي {what}، {when}{where}. لا داعي للحضور. شكرًا لأنك تطوعت بوقتك."},
		},
	},
}

// DateNames returns the day and month names messages use in a language
// (English for one without texts), for the pages to agree with.
func DateNames(l string) datefmt.Names { return textsFor(l).dates }

func textsFor(l string) *lang {
	if t := texts[l]; t != nil {
		return t
	}
	return texts[defaultLang]
}
