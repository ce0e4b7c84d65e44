// Demo shop behaviour. Loaded before the widget's loader, so it installs the same queue stub the
// snippet would and every flywheel(...) call below is replayed once the widget is in.
(() => {
  window.flywheel =
    window.flywheel ||
    function () {
      window.flywheel.q = window.flywheel.q || [];
      // biome-ignore lint/complexity/noArguments: the queue keeps calls exactly as the snippet does
      window.flywheel.q.push(arguments);
    };
  const flywheel = (...args) => window.flywheel(...args);
  const PRICE = 2400;
  const read = (key) => {
    try {
      return JSON.parse(localStorage.getItem(key) || 'null');
    } catch {
      return null;
    }
  };
  const write = (key, value) =>
    value === null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value));
  const money = (cents) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
  const postJson = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(data?.error?.message || `HTTP ${response.status}`);
    return data;
  };

  const shopper = read('demo_shopper');
  if (shopper) flywheel('identify', shopper);
  // A friend who claimed the offer gets the coupon and email filled in at checkout.
  flywheel('on', 'offer_claimed', (claim) =>
    write('demo_claim', { email: claim.email, coupon_code: claim.coupon_code }),
  );

  document.addEventListener('DOMContentLoaded', () => {
    const $ = (id) => document.getElementById(id);
    const page = document.body.dataset.page;
    const quantity = () => read('demo_cart')?.quantity || 0;
    $('cart-count').textContent = String(quantity());

    $('login').hidden = Boolean(shopper);
    $('signed-in').hidden = !shopper;
    if (shopper) $('shopper-name').textContent = shopper.name;
    $('login').addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      const identity = await postJson('/shop/api/login', {
        name: form.get('name'),
        email: form.get('email'),
      });
      write('demo_shopper', identity);
      location.reload();
    });
    $('logout').addEventListener('click', () => {
      write('demo_shopper', null);
      flywheel('logout');
      location.reload();
    });
    $('invite').addEventListener('click', () => flywheel('open', 'invite'));

    if (page === 'product') {
      $('add-to-cart').addEventListener('click', () => {
        write('demo_cart', { quantity: quantity() + 1 });
        $('cart-count').textContent = String(quantity());
        $('added').textContent = 'Added to your cart.';
      });
    }
    if (page === 'cart' && quantity() > 0) {
      $('cart-empty').hidden = true;
      $('cart-full').hidden = false;
      $('cart-qty').textContent = String(quantity());
      $('cart-total').textContent = money(PRICE * quantity());
    }
    if (page === 'checkout') {
      const form = $('checkout');
      const claim = read('demo_claim');
      form.email.value = shopper?.email || claim?.email || '';
      form.coupon_code.value = claim?.coupon_code || '';
      $('checkout-total').textContent = money(PRICE * Math.max(quantity(), 1));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        $('checkout-error').textContent = '';
        try {
          const order = await postJson('/shop/api/checkout', {
            email: form.email.value,
            coupon_code: form.coupon_code.value,
            quantity: Math.max(quantity(), 1),
            // First-party visitor id the widget keeps: lets the API attribute the order to the click.
            visitor_id: localStorage.getItem('flywheel_vid') || undefined,
          });
          sessionStorage.setItem('demo_last_order', JSON.stringify(order));
          write('demo_cart', null);
          write('demo_claim', null);
          location.href = '/thank-you';
        } catch (error) {
          $('checkout-error').textContent = `Could not place the order: ${error.message}`;
        }
      });
    }
    if (page === 'thanks') {
      const order = JSON.parse(sessionStorage.getItem('demo_last_order') || 'null');
      if (order) {
        $('order-summary').textContent = `Order ${order.order_id}: ${money(order.amount)}.`;
        const by = order.attribution?.referrer;
        $('order-attribution').textContent = by
          ? `Referred (${order.attribution.method}): the friend who invited you has been rewarded.`
          : '';
        flywheel('purchase', { order_id: order.order_id, amount: order.amount, currency: order.currency });
      }
    }
  });
})();
