// Every visible string in Uzbek (Latin) and Russian. Keys are shared; {name} placeholders.
const D = {
  uz: {
    store: 'Amazing Store', demo: 'DEMO', loading: 'Yuklanmoqda…', back: 'Orqaga',
    tab_home: 'Bosh sahifa', tab_fav: 'Sevimlilar', tab_cart: 'Savat', tab_orders: 'Buyurtmalar',
    tab_profile: 'Profil', tab_admin: 'Admin',
    search: 'Qidirish', search_ph: 'Mahsulot, SKU yoki shtrix-kod…', all: 'Barchasi', more: 'Yana ko‘rsatish',
    nothing: 'Hech narsa topilmadi', sort: 'Saralash', sort_new: 'Yangilari', sort_price_asc: 'Arzonroq',
    sort_price_desc: 'Qimmatroq', sort_popular: 'Ommabop', banners: 'Aksiyalar', categories: 'Kategoriyalar',
    subcategories: 'Bo‘limlar',
    in_stock: 'Omborda: {n} dona', sold_out: 'Tugagan', sku: 'Artikul', fav_add: 'Sevimlilarga qo‘shish',
    fav_remove: 'Sevimlilardan olib tashlash', qty: 'Miqdor', dec: 'Kamaytirish', inc: 'Ko‘paytirish',
    add_to_cart: 'Savatga qo‘shish', added: 'Savatga qo‘shildi', go_cart: 'Savatga o‘tish', description: 'Tavsif',
    cart: 'Savat', cart_empty: 'Savat bo‘sh', go_shopping: 'Xaridni boshlash', remove: 'O‘chirish',
    subtotal: 'Jami', to_checkout: 'Rasmiylashtirish', only_left: 'Faqat {n} dona qoldi', removed: 'O‘chirildi',
    checkout: 'Buyurtmani rasmiylashtirish', name: 'Ism', phone: 'Telefon', address: 'Yetkazib berish manzili',
    address_ph: 'Shahar, ko‘cha, uy, xonadon', notes: 'Izoh', notes_ph: 'Masalan: qo‘ng‘iroq qilishdan oldin yozing',
    payment: 'To‘lov usuli', cod: 'Yetkazib berilganda naqd to‘lov', place_order: 'Buyurtma berish',
    pay_card: 'Karta orqali (Click, Payme)', pay_stars: 'Telegram Stars', pay_now: 'To‘lash',
    pay_paid: 'To‘lov qabul qilindi. Rahmat!', pay_cancelled: 'To‘lov bekor qilindi. Buyurtma to‘lovni kutmoqda.',
    pay_failed: 'To‘lov amalga oshmadi. Qaytadan urinib ko‘ring.', pay_pending: 'To‘lov tekshirilmoqda…',
    pay_unavailable: 'Hozir to‘lov oynasini ochib bo‘lmadi. Keyinroq «To‘lash» tugmasini bosing.',
    ps_unpaid: 'To‘lanmagan', ps_paid: 'To‘langan', ps_refunded: 'Qaytarilgan', payment_status: 'To‘lov holati',
    required: 'To‘ldirish shart', phone_invalid: 'Telefon +998XXXXXXXXX ko‘rinishida bo‘lsin',
    order_thanks: 'Rahmat! Buyurtmangiz qabul qilindi', order_no: 'Buyurtma №{n}', status: 'Holati',
    delivery_fee: 'Yetkazib berish', total: 'Umumiy summa', items: 'Mahsulotlar', cancel_order: 'Buyurtmani bekor qilish',
    cancel_confirm: 'Buyurtmani bekor qilasizmi?', continue: 'Xaridni davom ettirish', my_orders: 'Mening buyurtmalarim',
    no_orders: 'Hali buyurtmalar yo‘q', st_pending: 'Kutilmoqda', st_confirmed: 'Tasdiqlandi', st_shipped: 'Yuborildi',
    st_delivered: 'Yetkazildi', st_cancelled: 'Bekor qilindi', favorites: 'Sevimlilar', no_favorites: 'Sevimlilar ro‘yxati bo‘sh',
    profile: 'Profil', first_name: 'Ism', last_name: 'Familiya', language: 'Til', save: 'Saqlash', saved: 'Saqlandi',
    demo_note: 'Demo rejim: Telegram’dan tashqarida sinov foydalanuvchisi bilan ishlayapsiz.',
    err_network: 'Internet bilan aloqa yo‘q. Qayta urinib ko‘ring.', err_unavailable: 'Server vaqtincha band. Birozdan keyin urinib ko‘ring.',
    err_auth: 'Kirish tasdiqlanmadi. Ilovani qayta oching.', err_not_found: 'Topilmadi', err_generic: 'Xatolik yuz berdi',
    err_forbidden: 'Ruxsat yo‘q', err_invalid: 'Ma’lumotlar noto‘g‘ri', err_empty_cart: 'Savat bo‘sh',
    retry: 'Qayta urinish', oos_left: '«{name}»: omborda faqat {n} dona qoldi', oos_none: '«{name}» tugadi',
    product: 'mahsulot',
    adm_orders: 'Bugungi buyurtmalar', adm_stock: 'Ombor', adm_new: 'Yangi mahsulot', adm_jobs: 'Vazifalar', adm_no_orders: 'Bugun buyurtma yo‘q',
    act_confirmed: 'Tasdiqlash', act_shipped: 'Jo‘natish', act_delivered: 'Yetkazildi', act_cancelled: 'Bekor qilish',
    set: 'O‘rnatish', edit: 'Tahrirlash', reserved: 'band: {n}', low: 'Kam qoldi', name_uz: 'Nomi (o‘zbekcha)',
    name_ru: 'Nomi (ruscha)', desc_uz: 'Tavsif (o‘zbekcha)', desc_ru: 'Tavsif (ruscha)', barcode: 'Shtrix-kod',
    category: 'Kategoriya', price: 'Narx', sale_price: 'Chegirma narxi', cost_price: 'Tannarx', image_url: 'Rasm URL',
    active: 'Faol', initial_stock: 'Boshlang‘ich qoldiq', dup_sku: 'Bunday artikul allaqachon bor', stock_below: 'Zaxiradagidan kam qilib bo‘lmaydi',
    source: 'Manba', customer: 'Xaridor', bad_transition: 'Bu holatga o‘tkazib bo‘lmaydi',
    adm_mp: 'Marketpleyslar', mp_none: 'Marketpleyslar yo‘q', mp_off: 'O‘chirilgan', mp_credentials: 'Kalitlar',
    mp_cred_set: 'Kiritilgan', mp_cred_unset: 'Kiritilmagan', mp_currency: 'Narx valyutasi', mp_rate: "1 {code} = {rate} so'm",
    mp_cur_unset: 'Belgilanmagan — narxlar yuborilmaydi', mp_t_stock: 'Qoldiq', mp_t_price: 'Narxlar', mp_t_orders: 'Buyurtmalar',
    mp_never: 'Hali ishga tushmagan', mp_s_success: 'Muvaffaqiyatli', mp_s_partial: 'Qisman', mp_s_failed: 'Xato',
    mp_s_skipped: 'O‘tkazib yuborildi', mp_s_deferred: 'Keyingi safarga qoldirildi',
    mp_deferred_hint: 'Ayrim mahsulotlar marketpleys limiti tufayli keyingi safar yuboriladi — bu xato emas.',
    mp_sync: 'Hozir sinxronlash', mp_sync_queued: 'Sinxronlash navbatga qo‘yildi…', mp_discover: 'Moslarini topish',
    mp_listings: 'Marketpleysda {n} ta e’lon', mp_no_proposals: 'Yangi mosliklar topilmadi',
    mp_by_vendor_code: 'Artikul bo‘yicha', mp_by_barcode: 'Shtrix-kod bo‘yicha', mp_replaces: 'joriy bog‘lanishni almashtiradi',
    mp_accept: 'Tanlanganlarni qabul qilish', mp_accepted: 'Saqlandi: {n} ta bog‘lanish', mp_unmatched: 'Mos kelmagan e’lonlar: {n}',
    mp_not_configured: 'Marketpleys sozlanmagan: avval API manzili va kalitlarni kiriting.',
    mp_unavailable: 'Marketpleys javob bermadi. Birozdan keyin urinib ko‘ring.',
    mp_dup_mapping: 'Bu e’lon boshqa mahsulotga bog‘langan',
  },
  ru: {
    store: 'Amazing Store', demo: 'DEMO', loading: 'Загрузка…', back: 'Назад',
    tab_home: 'Главная', tab_fav: 'Избранное', tab_cart: 'Корзина', tab_orders: 'Заказы', tab_profile: 'Профиль',
    tab_admin: 'Админ',
    search: 'Поиск', search_ph: 'Товар, артикул или штрихкод…', all: 'Все', more: 'Показать ещё',
    nothing: 'Ничего не найдено', sort: 'Сортировка', sort_new: 'Новинки', sort_price_asc: 'Дешевле',
    sort_price_desc: 'Дороже', sort_popular: 'Популярные', banners: 'Акции', categories: 'Категории',
    subcategories: 'Разделы',
    in_stock: 'В наличии: {n} шт.', sold_out: 'Нет в наличии', sku: 'Артикул', fav_add: 'Добавить в избранное',
    fav_remove: 'Убрать из избранного', qty: 'Количество', dec: 'Уменьшить', inc: 'Увеличить',
    add_to_cart: 'В корзину', added: 'Добавлено в корзину', go_cart: 'Перейти в корзину', description: 'Описание',
    cart: 'Корзина', cart_empty: 'Корзина пуста', go_shopping: 'За покупками', remove: 'Удалить',
    subtotal: 'Итого', to_checkout: 'Оформить заказ', only_left: 'Осталось только {n} шт.', removed: 'Удалено',
    checkout: 'Оформление заказа', name: 'Имя', phone: 'Телефон', address: 'Адрес доставки',
    address_ph: 'Город, улица, дом, квартира', notes: 'Комментарий', notes_ph: 'Например: напишите перед звонком',
    payment: 'Способ оплаты', cod: 'Наличными при получении', place_order: 'Оформить заказ',
    pay_card: 'Картой (Click, Payme)', pay_stars: 'Telegram Stars', pay_now: 'Оплатить',
    pay_paid: 'Оплата получена. Спасибо!', pay_cancelled: 'Оплата отменена. Заказ ждёт оплаты.',
    pay_failed: 'Оплата не прошла. Попробуйте ещё раз.', pay_pending: 'Оплата проверяется…',
    pay_unavailable: 'Не удалось открыть оплату. Нажмите «Оплатить» чуть позже.',
    ps_unpaid: 'Не оплачен', ps_paid: 'Оплачен', ps_refunded: 'Возвращён', payment_status: 'Статус оплаты',
    required: 'Обязательное поле', phone_invalid: 'Телефон в формате +998XXXXXXXXX',
    order_thanks: 'Спасибо! Ваш заказ принят', order_no: 'Заказ №{n}', status: 'Статус',
    delivery_fee: 'Доставка', total: 'Сумма', items: 'Товары', cancel_order: 'Отменить заказ',
    cancel_confirm: 'Отменить заказ?', continue: 'Продолжить покупки', my_orders: 'Мои заказы',
    no_orders: 'Заказов пока нет', st_pending: 'Ожидает', st_confirmed: 'Подтверждён', st_shipped: 'Отправлен',
    st_delivered: 'Доставлен', st_cancelled: 'Отменён', favorites: 'Избранное', no_favorites: 'В избранном пусто',
    profile: 'Профиль', first_name: 'Имя', last_name: 'Фамилия', language: 'Язык', save: 'Сохранить', saved: 'Сохранено',
    demo_note: 'Демо-режим: вне Telegram вы работаете как тестовый пользователь.',
    err_network: 'Нет связи с интернетом. Попробуйте ещё раз.', err_unavailable: 'Сервер временно занят. Попробуйте чуть позже.',
    err_auth: 'Вход не подтверждён. Откройте приложение заново.', err_not_found: 'Не найдено', err_generic: 'Произошла ошибка',
    err_forbidden: 'Нет доступа', err_invalid: 'Данные заполнены неверно', err_empty_cart: 'Корзина пуста',
    retry: 'Повторить', oos_left: '«{name}»: на складе осталось только {n} шт.', oos_none: '«{name}» закончился',
    product: 'товар',
    adm_orders: 'Заказы за сегодня', adm_stock: 'Склад', adm_new: 'Новый товар', adm_jobs: 'Задачи', adm_no_orders: 'Сегодня заказов нет',
    act_confirmed: 'Подтвердить', act_shipped: 'Отправить', act_delivered: 'Доставлен', act_cancelled: 'Отменить',
    set: 'Установить', edit: 'Изменить', reserved: 'в резерве: {n}', low: 'Мало', name_uz: 'Название (узб.)',
    name_ru: 'Название (рус.)', desc_uz: 'Описание (узб.)', desc_ru: 'Описание (рус.)', barcode: 'Штрихкод',
    category: 'Категория', price: 'Цена', sale_price: 'Цена со скидкой', cost_price: 'Себестоимость', image_url: 'URL картинки',
    active: 'Активен', initial_stock: 'Начальный остаток', dup_sku: 'Такой артикул уже есть', stock_below: 'Нельзя меньше, чем в резерве',
    source: 'Источник', customer: 'Покупатель', bad_transition: 'Такой переход статуса невозможен',
    adm_mp: 'Маркетплейсы', mp_none: 'Маркетплейсов нет', mp_off: 'Выключен', mp_credentials: 'Ключи доступа',
    mp_cred_set: 'Заданы', mp_cred_unset: 'Не заданы', mp_currency: 'Валюта цен', mp_rate: '1 {code} = {rate} сум',
    mp_cur_unset: 'Не задана — цены не отправляются', mp_t_stock: 'Остатки', mp_t_price: 'Цены', mp_t_orders: 'Заказы',
    mp_never: 'Ещё не запускалась', mp_s_success: 'Успешно', mp_s_partial: 'Частично', mp_s_failed: 'Ошибка',
    mp_s_skipped: 'Пропущено', mp_s_deferred: 'Отложено до следующего запуска',
    mp_deferred_hint: 'Часть товаров придержана лимитом маркетплейса и уйдёт в следующий запуск — это не ошибка.',
    mp_sync: 'Синхронизировать', mp_sync_queued: 'Синхронизация поставлена в очередь…', mp_discover: 'Найти сопоставления',
    mp_listings: 'Карточек на маркетплейсе: {n}', mp_no_proposals: 'Новых сопоставлений не найдено',
    mp_by_vendor_code: 'По артикулу', mp_by_barcode: 'По штрихкоду', mp_replaces: 'заменит текущее сопоставление',
    mp_accept: 'Принять выбранные', mp_accepted: 'Сохранено сопоставлений: {n}', mp_unmatched: 'Карточки без пары: {n}',
    mp_not_configured: 'Маркетплейс не настроен: сначала укажите адрес API и ключи.',
    mp_unavailable: 'Маркетплейс не ответил. Попробуйте чуть позже.',
    mp_dup_mapping: 'Эта карточка уже сопоставлена с другим товаром',
  },
};

let lang = 'uz';
export const getLang = () => lang;
export function setLang(l) {
  lang = l === 'ru' ? 'ru' : 'uz';
  document.documentElement.lang = lang;
  return lang;
}

export function t(key, vars) {
  let s = D[lang][key] ?? D.uz[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ''));
  return s;
}

// 150000 -> "150 000 so'm": U+202F (narrow no-break space) between groups, U+00A0 before the unit.
export function price(n) {
  const v = Math.round(Number(n) || 0);
  const s = String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202F');
  return (v < 0 ? '−' : '') + s + '\u00A0' + (lang === 'ru' ? 'сум' : "so'm");
}

export function date(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  return d.toLocaleString(lang === 'ru' ? 'ru-RU' : 'uz-Latn-UZ',
    { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
