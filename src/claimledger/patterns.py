"""Boilerplate patterns, as data: what site furniture looks like in a plain-text capture.

Each pattern matches a *whole line* (stripped, case-insensitive unless said). Add lines here, not logic
in ``clean.py``. The reason names are what ``Article.boilerplate[i].reason`` reports.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_MONTH_EARLY = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

# Lines that are boilerplate wherever they stand.
LINE_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "ad_marker": [
        re.compile(r"^(?:advertisement|advertising|ad|sponsored(?: content)?|paid content|promoted)$", _I),
        re.compile(
            r"^(?:story continues below(?: this)? (?:advertisement|gallery|video|photos?|image)|"
            r"scroll to continue(?: with content)?)$",
            _I,
        ),
        re.compile(r"^-*\s*(?:advertisement|ad)\s*-*$", _I),
    ],
    "source_link": [
        re.compile(
            r"^(?:source link|source|original source|read the original(?: article)?|read more|"
            r"read full (?:story|article)|continue reading|view original)\s*[:.…»>]*$",
            _I,
        ),
    ],
    "related": [
        re.compile(
            r"^(?:you may also like|you might also like|related(?: articles| posts| stories| news)?|"
            r"recommended(?: for you)?|more from .{1,40}|read next|read also|see also|popular posts|"
            r"trending(?: now)?|most (?:read|popular|viewed|shared)(?: (?:in|"
            r"on) .{1,40}| (?:stories|articles|news))?)\s*:?$",
            _I,
        ),
    ],
    "comments": [
        re.compile(
            r"^(?:leave a (?:comment|reply)|post a comment|add a comment|comments?|\d+ comments?|"
            r"join the (?:conversation|discussion)|cancel reply)\s*:?$",
            _I,
        ),
    ],
    "share_prompt": [
        re.compile(
            r"^(?:share(?: this)?(?: article| story| post)?|share on (?:facebook|twitter|x|whatsapp|"
            r"linkedin|telegram|email)|tweet|print|email)\s*:?$",
            _I,
        ),
        re.compile(
            r"^(?:subscribe|sign up|register)\b.{0,80}\b(?:newsletter|updates|channel|alerts|inbox)\b.{0,40}$", _I
        ),
        re.compile(r"^follow us on\b.{0,80}$", _I),
        re.compile(
            r"^[-•]\s*(?:print(?: article| this)?|e-?mail(?: article| this)?|"
            r"order reprints?|save(?: article)?|share(?: article)?)$",
            _I,
        ),
        # a row of share buttons: "Facebook  X  WhatsApp  Email"
        re.compile(
            r"^(?:(?:facebook|twitter|x|whatsapp|email|e-mail|linkedin|telegram|reddit|print|copy link|"
            r"messenger|pinterest|bluesky|threads)\s*[|·•,]?\s*){2,}$",
            _I,
        ),
        re.compile(r"^(?:click here|tap here)\b.{0,80}$", _I),
        # "Like this story? Share it with a friend!", "Obrigado por compartilhar nosso conteúdo!"
        re.compile(
            r"^(?:like this (?:story|article|post)\?\s*)?share (?:it|this) with (?:a friend|your friends)\b.{0,40}$", _I
        ),
        re.compile(
            r"^(?:.{0,80}[.!?]\s+)?(?:thanks? (?:you )?for (?:sharing|reading)|obrigad[oa] por (?:compartilhar|ler)|"
            r"merci (?:de|d'avoir|pour) (?:partager|partagé|votre lecture)|"
            r"danke (?:fürs|für das|für's) (?:teilen|lesen)|"
            r"gracias por (?:compartir|leer)|grazie per (?:aver condiviso|la lettura|aver letto)|"
            r"bedankt voor het (?:delen|lezen)|dziękujemy za (?:udostępnienie|przeczytanie)|"
            r"спасибо,? (?:что|за то, что) (?:поделились|прочитали))\b.{0,60}$",
            _I,
        ),
        re.compile(
            r"^(?:partager|partagez|teilen|compartir|compartilhe|compartilhar|condividi|delen|udostępnij|"
            r"поделиться|поделитесь)(?: (?:cet article|ce contenu|diesen artikel|este artículo|esta notícia|"
            r"questo articolo|dit artikel|этой статьей|статьей))?\s*[:!]?$",
            _I,
        ),
    ],
    # "Follow <reporter> on Twitter @…", "Follow NBC Latino on Facebook, Twitter and Instagram."
    "follow_prompt": [
        re.compile(
            r"^(?:.{0,200}[.!?]\s+)?(?:be sure to )?(?:follow|visit|like|reach|find|join|email|contact)\b[^.!?]{0,120}"
            r"\b(?:on|at|via|@)\s*(?:twitter|facebook|instagram|youtube|tiktok|telegram|linkedin|threads|bluesky|"
            r"mastodon|x\b|@\w|https?://(?:www\.)?(?:twitter|x|facebook|instagram)\.com)[^.!?]{0,160}[.!]?"
            r"(?:\s+(?:follow|email|reach)\b.{0,200})?$",
            _I,
        ),
        re.compile(
            r"^(?:suivez[- ](?:nous|-nous)|retrouvez[- ]nous|folgen sie uns|folge uns|síguenos|siguenos|seguici|"
            r"segui(?:teci)? su|siga[- ]nos|sigam[- ]nos|volg ons|obserwuj nas|śledź nas|подписывайтесь на нас|"
            r"следите за нами|подписывайтесь на наш|присоединяйтесь к нам)\b.{0,160}$",
            _I,
        ),
        re.compile(r"^(?:twitter\.com|x\.com|instagram\.com|facebook\.com)/\w+/?$", _I),
    ],
    # "Subscribe to the Morning Review newsletter", "Get the day's top headlines delivered to your inbox …"
    "newsletter_prompt": [
        re.compile(r"^get (?:the|our) (?:day['’]s|week['’]s|latest|top|best|biggest)\b.{0,160}$", _I),
        re.compile(r"^(?:\w+(?: \w+){0,4} )?newsletters?\s*:?$", _I),
        re.compile(
            r"^(?=.{0,300}$)(?=.*\b(?:subscrib\w*|sign(?:ing)? up|delivered|register)\b)"
            r"(?=.*\b(?:newsletters?|inbox|letterbox|mailbox)\b).*$",
            _I,
        ),
        re.compile(
            r"^(?:abonnez-vous|inscrivez-vous|abonnieren sie|melden sie sich|jetzt abonnieren|newsletter abonnieren|"
            r"suscríbete|suscribete|regístrate|iscriviti|abbonati|assine|inscreva-se|cadastre-se|schrijf je in|"
            r"abonneer je|meld je aan|zapisz się|zasubskrybuj|подпишитесь|подписаться на)\b.{0,160}$",
            _I,
        ),
    ],
    # "Deixe suas dúvidas e opiniões aqui embaixo!", "What do you think? Let us know in the comments."
    "comment_prompt": [
        # a vote or poll prompt: "Проголосовать за Дарью вы можете на последней странице!"
        re.compile(
            r"^(?:vote|votez|vota|votem|votar|stimmen sie|głosuj|проголосовать|проголосуйте|голосуйте)\b.{0,80}"
            r"\b(?:page|seite|página|pagina|pagine|stronie|странице)\b.{0,20}$",
            _I,
        ),
        re.compile(r"^(?:tell us|let us know) what you think\b.{0,40}$", _I),
        re.compile(
            r"^(?:what do you think\?\s*)?(?:let us know|tell us|share your (?:thoughts|views))\b.{0,60}"
            r"\b(?:comments?|below)\b.{0,40}$",
            _I,
        ),
        re.compile(
            r"^(?:deixe (?:suas?|seu|um|o seu)|deja (?:tu|un)|laissez(?:-nous)? (?:un|votre)|lascia (?:un|il tuo)|"
            r"hinterlassen sie|schreiben sie (?:uns )?einen kommentar|kommentar schreiben|laat een reactie|"
            r"zostaw komentarz|dodaj komentarz|оставьте (?:свой )?(?:комментарий|отзыв)|"
            r"(?:commentaires?|kommentare?|comentarios?|comentários?|commenti|reacties|komentarze|комментарии)\s*"
            r"(?:\(\d+\))?\s*:?$).{0,160}$",
            _I,
        ),
    ],
    # AP's "The Latest on … (all times local):" live-blog header, with or without its dateline
    "live_header": [
        re.compile(
            r"^.{0,240}\((?:all times (?:are )?(?:local|[A-Z]{2,4})|toutes les heures (?:sont )?locales|"
            r"alle zeiten (?:sind )?ortszeit|todas las horas (?:son )?locales|orari locali)\)\s*[:.]?$",
            _I,
        ),
        re.compile(r"^(?:[A-Z][\w.,' ]{0,60}\(\w+\)\s*[—–-]+\s*)?the latest on\b.{0,200}:$", _I),
    ],
    # "Main image credit: Getty", "(credit: NASA/Jude Guidry)", "© Reuters", "Photo: X/AFP"
    "photo_credit": [
        re.compile(
            r"^[(\[|\s]*(?:(?:main |cover |top |header |featured |lead )?(?:image|photo|photograph|picture|pic|video|"
            r"illustration|graphic)s?(?: credits?| courtesy| source)?|credits?|foto(?:s|grafia)?(?: di| de)?|"
            r"crédits? photos?|bild(?:quelle)?|fotó|zdjęcie|фото(?:графия)?|источник фото|imagem|imagen|immagine)"
            r"\s*(?:[:©]|by\b|courtesy\b)\s*.{1,160}?[)\]|\s]*$",
            _I,
        ),
        re.compile(r"^[(\[]?(?:AP|AFP|Reuters|EPA|Getty)(?: Photo| Images)?/[^()]{1,80}[)\]]?$"),
        re.compile(r"^.{0,120}\b(?:photos?|images?|pictures?)\s*©\s*.{1,80}$", _I),
        re.compile(r"^(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|reuters)(?:/.{1,60})?$", _I),
    ],
    # "© 2019 Associated Press. All Rights Reserved. …", "This copy is for your personal, non-commercial use only."
    "copyright": [
        re.compile(r"^(?:©|ⓒ|\(c\)\s|copyright\b(?=.*(?:\d{4}|all rights reserved|©)))\s*.{1,300}$", _I),
        re.compile(r"^.{0,80}[ⓒ©].{0,200}$"),
        re.compile(r"^.{0,120}\ball rights? reserved\b.{0,200}$", _I),
        re.compile(r"^\d{4}(?:[-–]\d{2,4})?\s+[^.]{1,60}\b(?:inc|ltd|llc|corp|gmbh)\b\.?,?.{0,40}$", _I),
        re.compile(r"^this (?:copy|article|material) is for your personal,? non-?commercial use\b.{0,400}$", _I),
    ],
    # "Read more: <another headline>", "Related: …", "Leggi anche", "Lire aussi : …"
    "read_more": [
        re.compile(
            r"^[\[(]?(?:read more|read also|also read|more|related|related post|related story|related article|"
            r"see also|see more(?: photos)?|watch|listen|more on this|more coverage|further reading|"
            r"lire aussi|à lire aussi|voir aussi|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|"
            r"leer más|lee también|ver también|leggi anche|leggi pure|leia também|leia mais|veja também|saiba mais|"
            r"lees ook|lees meer|czytaj też|czytaj także|czytaj więcej|zobacz też|читайте также|читать также|"
            r"читайте еще|смотрите также)\s*(?:[:|»>…-]\s*.{0,200})?[\])]?$",
            _I,
        ),
        # a link to another story, tagged as the tabloids tag them: "Plane passengers quarantined … [NEWS]"
        re.compile(
            r"^.{10,200}\s\[(?:NEWS|VIDEO|VIDEOS|REACTION|INSIGHT|PICTURES|PICS|POLL|LATEST|LIVE|UPDATE|REVEALED)\]$"
        ),
        re.compile(
            r"^read the (?:rest|full (?:story|article|report)|original)(?: (?:here|at .{1,60}))?\s*[.:!…]*$", _I
        ),
    ],
    # "(Reporting by X; Editing by Y)", "Associated Press writers … contributed to this report."
    "credit": [
        re.compile(r"^[–—-]\s*[\w.]{1,20}\*{2,}[\w*. ]{0,30}$"),  # a review's masked signature: "– Ali***"
        re.compile(r"^(?:from )?(?:staff|wire|news services?|agency) reports?$", _I),
        re.compile(r"^(?:tested|reviewed) by\s*:.{1,200}$", _I),
        re.compile(r"^\(?(?:reporting|writing|editing|additional reporting) by\b.{0,300}\)?\.?$", _I),
        re.compile(r"^.{0,200}\bcontributed (?:reporting|to this (?:report|story|article))\b.{0,80}$", _I),
    ],
    # a bare address, a handle, a separator, tags: "http://amzn.to/…", "___", "Filed under: Politics |"
    "link": [
        re.compile(r"^(?:https?://|www\.)\S+$", _I),
        re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"),
        re.compile(r"^@\w{2,30}\.?$"),
        re.compile(
            r"^(?:account|accounts|аккаунт|instagram|twitter|telegram|compte|konto|cuenta|conta|profilo)\s*:\s*@\w+$",
            _I,
        ),
        re.compile(r"^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s*.{0,40}$"),  # an embedded post's signature
        re.compile(r"^\[[^\[\]]{2,40}\]$"),  # "[PC World]": where a digest's item came from
    ],
    "reading_time": [
        re.compile(
            r"^(?:(?:estimated )?reading time|read time|tempo de leitura|temps de lecture|lesezeit|tiempo de lectura|"
            r"tempo di lettura|leestijd|czas czytania|время (?:чтения|прочтения))\s*:?\s*\d+\s*\w{0,10}\.?$",
            _I,
        ),
        re.compile(
            r"^\d+[- ]?(?:min(?:ute)?s?\.?|мин\.?) (?:read|de lecture|lesezeit|de lectura|di lettura|чтения)$", _I
        ),
    ],
    "poll": [
        re.compile(
            r"^[-•]?\s*%?\s*\d+(?:[.,]\d+)?\s*%?\s*(?:votes?|голос(?:ов|а)?|stimmen|voix|votos|voti|głos(?:ów|y)?)$", _I
        )
    ],
    "separator": [re.compile(r"^[_\-=*~•·.\s]{3,}$")],
    "tags": [
        re.compile(
            r"^(?:filed under|tags?|tagged(?: with)?|categories|category|topics?|schlagwörter|étiquettes|etiquetas|"
            r"tag|argomenti|темы|теги|рубрика)\s*:.{0,200}$",
            _I,
        ),
    ],
    "correction": [
        re.compile(r"^corrections?(?: appended)?\s*(?:[:.—–-].{0,400})?$", _I),
        # "Correction added Nov. 18, 2019: The caption below the photograph …"
        re.compile(r"^(?:correction|clarification)s?\b[^:.]{0,40}(?:\.[^:.]{0,20}){0,2}:\s.{0,800}$", _I),
    ],
    "editors_note": [
        re.compile(
            r"^(?:editor['’]s note|note to (?:readers|editors)|n\.?\s?d\.?\s?l\.?\s?r\.?)\s*[:.—–-].{0,400}$", _I
        )
    ],
    # a dateline on a line of its own: "BAAR, SWITZERLAND"
    "dateline": [re.compile(r"^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2},\s*[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}$")],
    "timestamp": [
        re.compile(
            r"^(?:(?:updated|published|posted|last updated|modified|"
            r"mis à jour|publié|aktualisiert|actualizado)\s*:?\s*)?"
            r"(?:(?:\w+day|mon|tue|wed|thu|fri|sat|sun),?\s+)?"
            rf"(?:\d{{1,2}}\s+{_MONTH_EARLY}\s+\d{{4}}|{_MONTH_EARLY}\s+\d{{1,2}},?\s+\d{{4}}|"
            rf"\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|"
            r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s+\d{1,4}[./-]\d{1,2}[./-]\d{1,4})"
            r"(?:\s*[-–—|,•]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?"
            r"(?:\s*(?:[|•·]|by)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?\s*$",
            _I,
        ),
    ],
    # "WeWork declined to comment.", "The governor's office didn't immediately respond to a request for comment."
    "no_comment": [
        re.compile(
            r"^(?!.*\b(?:said|says|told|added|but)\b)[^.!?“”\"]{1,120}?\b(?:declined|"
            r"refused|did not (?:immediately )?(?:respond|reply|return)|"
            r"didn[’']t (?:immediately )?(?:respond|reply|return)|could not be (?:immediately )?reached|"
            r"was not (?:immediately )?available|did not have (?:an )?(?:immediate )?comment|has not responded|"
            r"have not responded|had not responded)\b[^.!?“”\"]{0,120}\b(?:comment|comments|inquiry|inquiries|"
            r"request|requests|message|messages|email|emails|calls?)\b[^.!?“”\",;]{0,80}\.?$",
            _I,
        ),
        re.compile(r"^there was no (?:immediate )?(?:comment|response|reply) from\b(?!.*\bbut\b)[^.!?]{1,120}\.?$", _I),
    ],
    "cookie_notice": [
        re.compile(
            r"^(?=.*\bcookies?\b)(?=.*(?:\b(?:this|our) (?:web)?site\b|\bby continuing\b|\byou (?:accept|agree|"
            r"consent)\b|\baccept (?:all )?cookies\b|\bcookie (?:policy|settings|preferences)\b|"
            r"\bwe use cookies\b)).{0,400}$",
            _I,
        ),
    ],
}

# A byline line: "by Admin", "Posted by Jane Doe", "Written by J. Smith". Only near the top of the page.
BYLINE = re.compile(
    r"^(?i:by|posted by|written by|author:)\s+"
    r"(?P<author>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|von|de|der|da|di|al|bin|and)){0,7})\s*$"
)
BYLINE_MAX_LINE = 8  # counted in non-empty lines from the top

# "Additional sources • ISW": excluded, and the sources lifted into metadata.additional_sources.
ADDITIONAL_SOURCES = re.compile(r"^additional (?:sources?|reporting)\s*(?:[•:·|–—-]|by)\s*(?P<sources>.+)$", _I)
SOURCE_SEPARATORS = re.compile(r"\s*(?:,|;|•|\band\b)\s*", _I)

# After a "related" heading, short headline-like lines are links to other articles, not the report.
RELATED_LINK_MAX_CHARS = 140

# A plain-text first line is taken as the title when it is short and reads like a headline.
TITLE_MAX_CHARS = 200
TITLE_REPEAT_WINDOW = 6  # non-empty lines after the title in which a repetition is boilerplate

# A wire-copy dateline opening a paragraph: "WASHINGTON (Reuters) -", "HALVARD, Oct 16 (CPA) —". Only the
# prefix is excluded (it would otherwise parse as the subject of the first sentence).
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"  # ", Oct 16" or ", Ukraine"
    r"(?:\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?"
    r"\s*[-–—]+\s+(?=[A-Z“\"])"
)
DATELINE_MAX_LINE = 8

# A line near the top that only states a date, perhaps with the outlet's name: "The Meridian Post,
# 15 October 2025", "October 15, 2025", "2025-10-15 09:30". Lifted into metadata.published, excluded.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_LINE = re.compile(
    r"^(?:[A-Z][\w.'’ -]{0,40},\s*)?(?:\w+day,?\s+)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:[ ,T]+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    _I,
)
DATE_IN_LINE = re.compile(
    rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}", _I
)
DATE_LINE_MAX_LINE = 6

# Furniture at the end of a line of the report: only the suffix is excluded ("…business.Click To Tweet").
SUFFIX_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "share_prompt": [re.compile(r"\s*click to tweet$", _I)],
}

# Captions: an image's description, known by a trailing credit or a leading label ("Cover image: …"). Part of
# the page's structure (``Article.headings``, kind ``caption``), never a claim.
CAPTION_PATTERNS: list[re.Pattern[str]] = [
    re.compile(r"^.{20,300},\s*(?:photos?|images?|pictures?)\s*(?:©|by\b|courtesy\b).{1,80}$", _I),
    re.compile(
        r"^.{20,400}\((?:photo|image|credit|foto|photo credit|pictured|source)s?\s*(?::|by)\s*[^()]{1,80}\)[\s|]*$", _I
    ),
    re.compile(r"^.{20,400}\((?:AP|AFP|Reuters|EPA|Getty)(?: Photo| Images)?/[^()]{1,80}\)\s*$"),
    re.compile(
        r"^(?:(?:cover|main|top|lead|featured) (?:image|photo|picture)|image caption|caption|légende|bildunterschrift|"
        r"pie de foto|didascalia|legenda)\s*:\s*.{10,400}$",
        _I,
    ),
]

# Headings from the layout of plain text: a short line with no sentence end, followed by a longer paragraph.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
QUESTION_HEADING_MAX_WORDS = 12  # "Where could they be deployed?" standing alone is a subheading
HEADING_NOT_ENDING = (".", ",", ";", "!", "…", "-", "–", "—", "|")
# A short line that ends with a full stop still reads as a heading when it is in capitals or title case
# ("GARLAND STEPS ASIDE.", "Small Steps Toward College Savings."): PolNeAR's texts end every line with one.
HEADING_SMALL_WORDS: frozenset[str] = frozenset(
    "a an the of on in to for and or but at by with as vs vs. from into over is are be up off".split()
)
# A live blog's entry time on its own line ("4:30 p.m.") heads the entry that follows.
TIME_HEADING = re.compile(r"^\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.?|[ap]m)(?:\s+[A-Z]{2,4})?$", _I)
# Marks of a line that is not a heading: quotation, a list's bullet, a dash between parts, an enumeration after
# a colon ("Path D: Georgia, North Macedonia, Kosovo"), a score ("Viera d. Melbourne 1-0").
HEADING_MARKS = re.compile(r"[“”\"«»„|@]|^\s*(?:[-•*–—·]|\d+[.)]\s)|\s(?:--|–|—)\s|:[^,:]+,[^,]+,|\b\d+-\d+$")
# A question is a subheading unless it is the writer's own aside: "Really, …?", "How is that possible?", or a
# line of a transcript ("Carlos: E agora …?"; an interview's "Q: …?" is a heading).
ASIDE_QUESTION = re.compile(
    r"^(?:(?:really|so|well|now|and|but|ok|okay|yes|no|oh|remember|honestly|thanks|thank you)\b[,\s]|"
    r"(?!(?:q|question|pergunta|question|frage|pregunta|domanda|вопрос)\s*:)[\w.’' -]{1,30}:\s)",
    _I,
)
ASIDE_QUESTION_MAX_WORDS = 4  # "How is that possible?": a short question about what was just said
ANAPHORA: frozenset[str] = frozenset({"that", "it", "so"})
LIST_TITLE_MAX_WORDS = 8
# A list's title is a label ("Ingredients:"), not a sentence that introduces the list ("The five are:").
LIST_INTRO_ENDINGS: frozenset[str] = frozenset(
    "are is were was be include includes including included following follows below these those this that".split()
)
# A line of a transcript or an interview's answer is what someone says, not a heading: "A: …", "Carlos: …".
ANSWER_LINE = re.compile(r"^(?:a|answer|r|resposta|réponse|antwort|respuesta|risposta|ответ)\s*[:.]\s", _I)
# This many headings in a row, with no paragraph between them, are a list of links to other stories.
LINK_LIST_MIN_LINES = 3
LIST_ITEM = re.compile(r"^(?:[-•*–—·]|\d+[.)])\s")

# An author (from the page's metadata or a byline) is a person: names with these words are organisations,
# desks or fragments of a sentence ("The Russian; Syrian defense ministries", "Reuters Staff").
AUTHOR_MAX_WORDS = 6
AUTHOR_NOT_FIRST_WORDS: frozenset[str] = frozenset({"the", "a", "an", "our", "this", "from", "staff"})
AUTHOR_NOT_PERSON_WORDS: frozenset[str] = frozenset(
    """
    ministry ministries department departments agency agencies news staff desk team editors editorial newsroom
    press reporters correspondents bureau service services office government wire media network contributors
    forces army police council committee institute university company inc inc. ltd llc corp group foundation
    association organization organisation center centre magazine newspaper online digital channel tv radio
    reuters afp bloomberg xinhua tass interfax ria dpa ansa efe associated wires defense defence authorities
    embassy administration commission official officials spokesperson
    """.split()
)

# Contents that are site furniture however the attribution extractor read them (``ledger.claims.is_claim``): never
# a claim. Each matches the start of a content's text (case-insensitive); ``CONTENT_PROMPTS`` only where the content
# has no clause of its own (an imperative: "Follow AP's full coverage …", "Write to Al Root at …"), the others
# always. Measured on tests/data/claimhood_gold.jsonl (`claimledger eval claimhood`).
CONTENT_PROMPTS: list[re.Pattern[str]] = [
    re.compile(
        r"^(?:follow|write to|reach|contact|e-?mail|subscribe|sign up|click|tap|share|watch|listen|read|download|"
        r"visit|join|send|tell us|let us know|more ap|more from|see more|get (?:the|our))(?=[\s:])",
        _I,
    ),
    re.compile(r".*(?:https?://|www\.)\S+", _I),  # a link with no sentence around it
]
CONTENT_FURNITURE: list[re.Pattern[str]] = [
    re.compile(r"^.*\b[\w.+-]+@[\w-]+\.[\w.]+"),  # an e-mail address: a contact line, not a report
    # a list of related links, one title a line with no full stop: "- 15 Amazing Images of Stars"
    re.compile(r"^[-•–—*]\s[^\n]*[^.!?”\"'’\n]$"),
    re.compile(
        r"^(?:originally (?:published|appeared)|this (?:article|story|post) (?:has been|was) (?:sent|updated|"
        r"originally)|an error has occurred|you may also like|you might also like|\(?warning:|"
        r"\(?all times (?:local|eastern|et))",
        _I,
    ),
    # a reporting credit: "Julie Hirschfeld Davis reported from Midway Atoll", "Jane Roe contributed reporting"
    re.compile(
        r"^(?:[A-Z][\w.'’-]+\s){1,4}(?:reported from|contributed (?:reporting|to this (?:report|article|story)))\b"
    ),
]
